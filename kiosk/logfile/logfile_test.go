package logfile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestRotatesBySizeAndKeepsN(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "motcua.log")
	l, err := Open(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Repeat([]byte("x"), 39)
	line = append(line, '\n') // 40 bytes: two fit in 100, the third rotates
	for i := 0; i < 10; i++ {
		if _, err := l.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	for _, name := range []string{"motcua.log", "motcua.log.1", "motcua.log.2"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if st.Size() > 100 || st.Size()%40 != 0 {
			t.Fatalf("%s has %d bytes: a line was split or the limit ignored", name, st.Size())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "motcua.log.3")); !os.IsNotExist(err) {
		t.Fatalf("kept more than 2 old files: %v", err)
	}
}

func TestReopenAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	for i := 0; i < 2; i++ {
		l, err := Open(path, 1<<20, 1)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(l, "run %d\n", i)
		l.Close()
	}
	b, _ := os.ReadFile(path)
	if string(b) != "run 0\nrun 1\n" {
		t.Fatalf("%q", b)
	}
}
