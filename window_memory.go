package main

// jscJIT is the variable JavaScriptCore reads, in the window's web process (which inherits
// our environment), to turn its JIT compilers on or off.
const jscJIT = "JSC_useJIT"

// leanWebProcess runs the window's JavaScript without JavaScriptCore's JIT, unless the
// installer has set JSC_useJIT (JSC_useJIT=true brings it back). The kiosk's pages are
// light, since search and lists are built by the server, and the JIT's compiled code and
// profiles cost ~8 MB of the web process's memory, which a kiosk PC has little of (smoke
// test: 182 → 174 MB RSS, 1080×1920); it also leaves no memory both writable and
// executable. Call it before the window opens.
func leanWebProcess(lookup func(string) (string, bool), set func(key, value string) error) error {
	if _, ok := lookup(jscJIT); ok {
		return nil
	}
	return set(jscJIT, "false")
}
