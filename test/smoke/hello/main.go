// Command hello is the smoke test's memory baseline: a Wails v2 window built from the same
// go.mod (so the same Wails version), with the same build tags, WebKitGTK, window size and
// kiosk options as motcua, showing one line of text. What motcua uses beyond it is ours.
package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
)

//go:embed dist
var embedded embed.FS

func main() {
	page, err := fs.Sub(embedded, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	err = wails.Run(&options.App{
		Title:            "hello",
		Width:            1080,
		Height:           1920,
		AssetServer:      &assetserver.Options{Assets: page},
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		Frameless:        true,
		WindowStartState: options.Fullscreen,
		DisableResize:    true,
	})
	if err != nil {
		// Also the stub error of a build without the desktop,production tags.
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}
