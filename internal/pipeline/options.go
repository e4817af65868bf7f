package pipeline

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"flowzap/internal/model"
	"flowzap/internal/theme"
)

// This file is the one place where the options every front end accepts
// (view, format, theme, scale, order) are checked: the CLI, the HTTP API and the
// MCP tools call these functions and show their messages unchanged.

// Views lists the views flowzap can draw.
var Views = []string{"workflow", "sequence", "architecture", "mindmap"}

// Formats lists the output formats of [Render].
var Formats = []string{"svg", "png", "pdf", "json"}

// Themes lists the colour themes (see [theme.ByName]).
var Themes = []string{"light", "dark"}

// Orders lists the message orders of the sequence view ([model.Orders]).
var Orders = model.Orders

// MaxScale is the largest PNG scale (device pixels per diagram pixel), the
// PNG renderer's own limit (raster.MaxScale; a test keeps them equal, so
// the build without the raster renderer, see raster.go, answers the same).
// A PNG that would pass raster.MaxPixels is drawn smaller anyway.
const MaxScale = 8

// IsView reports whether view names a view; the empty string is the
// default workflow view.
func IsView(view string) bool { return view == "" || slices.Contains(Views, view) }

// CheckView returns an error naming the views when view is not one; the
// empty string is the default workflow view.
func CheckView(view string) error {
	if IsView(view) {
		return nil
	}
	return fmt.Errorf("unknown view %q: expected %s", view, orList(Views))
}

// CheckFormat returns an error naming the formats when format is not one
// of [Formats]; the empty string is the default, SVG.
func CheckFormat(format string) error {
	if format == "" || slices.Contains(Formats, format) {
		return nil
	}
	return fmt.Errorf("unknown format %q: expected %s", format, orList(Formats))
}

// CheckTheme returns an error naming the themes when name is not a theme;
// the empty string is the default, light.
func CheckTheme(name string) error {
	if _, ok := theme.ByName(name); ok {
		return nil
	}
	return fmt.Errorf("unknown theme %q: expected %s", name, orList(Themes))
}

// CheckOrder returns an error naming the sequence message orders when
// order is not one of model.Orders; the empty string is the default, flow.
func CheckOrder(order string) error {
	if order == "" || slices.Contains(model.Orders, order) {
		return nil
	}
	return fmt.Errorf("unknown order %q: expected %s", order, orList(model.Orders))
}

// CheckScale returns an error unless 0 < scale <= [MaxScale].
func CheckScale(scale float64) error {
	if scale > 0 && scale <= MaxScale && !math.IsNaN(scale) {
		return nil
	}
	return fmt.Errorf("scale %v out of range: expected a number above 0 and at most %d", scale, MaxScale)
}

// Check returns the first problem with the options, or nil. A zero scale
// is the default (1) and passes.
func (o RenderOptions) Check() error {
	if err := CheckView(o.View); err != nil {
		return err
	}
	if err := CheckFormat(o.Format); err != nil {
		return err
	}
	if err := CheckTheme(o.Theme); err != nil {
		return err
	}
	if err := CheckOrder(o.Order); err != nil {
		return err
	}
	if o.Scale != 0 {
		return CheckScale(o.Scale)
	}
	return nil
}

// orList joins words as "a, b, c or d".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
