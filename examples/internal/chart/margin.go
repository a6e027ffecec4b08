package chart

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Margin is the blank border SaveWithMargin leaves around a plot.
var Margin = vg.Points(10)

// SaveWithMargin writes p as a w×h PNG at path (which must end in .png)
// with a blank border of Margin on every side. plot.Save draws the title
// and a top-right legend against the edges of the image, cutting off the
// tops of the title's letters; the border keeps them whole.
func SaveWithMargin(p *plot.Plot, w, h vg.Length, path string) error {
	if !strings.EqualFold(filepath.Ext(path), ".png") {
		return fmt.Errorf("chart: %s: not a .png file", path)
	}
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))
	dc := draw.Crop(draw.New(img), Margin, -Margin, Margin, -Margin)
	p.Draw(dc)
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
