package svg

import (
	"bytes"
	"math"
	"reflect"
	"testing"

	"flowzap/internal/geom"
	"flowzap/internal/scene"
)

// render writes sc, with the cache if c is not nil.
func renderWith(t *testing.T, sc *scene.Scene, c *Cache) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, sc, Options{Cache: c}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// joined is the SVG that Picture's parts make.
func joined(c *Cache) []byte {
	open, items, _ := c.Picture()
	out := append([]byte(nil), open...)
	out = append(out, '\n')
	for _, it := range items {
		out = append(append(out, it...), '\n')
	}
	return append(out, "</svg>\n"...)
}

// TestCacheSameBytes: a cache changes nothing in the output, whatever
// changed since the picture before (moved, edited, added, removed and
// reordered items, a new arrow colour, -0), and its parts make the same
// SVG, with same[] naming items of the picture before with equal markup;
// so do the parts of pictures written in parts only (PartsOnly, which
// writes no document), alone or between whole documents.
func TestCacheSameBytes(t *testing.T) {
	for _, mode := range []string{"document", "parts only", "mixed"} {
		t.Run(mode, func(t *testing.T) { testCacheSameBytes(t, mode) })
	}
}

func testCacheSameBytes(t *testing.T, mode string) {
	c := &Cache{}
	var prev [][]byte
	steps := []func(sc *scene.Scene){
		func(sc *scene.Scene) {},
		func(sc *scene.Scene) { sc.Items[0].(*scene.Group).Items[1].(*scene.Text).Lines[0] = "A < Bx" },
		func(sc *scene.Scene) { sc.Items[1].(*scene.Rect).R.X = 101 },
		func(sc *scene.Scene) { sc.Items[1].(*scene.Rect).R.X = math.Copysign(0, -1) },
		func(sc *scene.Scene) { sc.Items[1].(*scene.Rect).R.X = 0 },
		func(sc *scene.Scene) { sc.Items = append(sc.Items[1:], sc.Items[0]) },
		func(sc *scene.Scene) { sc.Items = sc.Items[:2] },
		func(sc *scene.Scene) {
			sc.Items = append(sc.Items, &scene.Group{Kind: "edge", ID: "n1->n3", Items: []scene.Item{
				&scene.Path{Points: []geom.Point{{X: 1, Y: 2}, {X: 3, Y: 2}}, Stroke: scene.Stroke{Color: "#f00", Width: 1}, Arrow: true}}})
		},
		func(sc *scene.Scene) { sc.Width = 300 },
		func(sc *scene.Scene) { sc.Items[0], sc.Items[2] = sc.Items[2], sc.Items[0] },
	}
	for i := range steps {
		// Each picture is a new scene, as the pipeline makes one per render.
		sc := testScene()
		for _, s := range steps[:i+1] {
			s(sc)
		}
		want := renderWith(t, sc, nil)
		if mode == "parts only" || mode == "mixed" && i%2 == 1 {
			var b bytes.Buffer
			if err := Render(&b, sc, Options{Cache: c, PartsOnly: true}); err != nil || b.Len() > 0 {
				t.Fatalf("step %d: parts only wrote %d bytes (%v), want none", i, b.Len(), err)
			}
		} else if got := renderWith(t, sc, c); !bytes.Equal(got, want) {
			t.Fatalf("step %d: with the cache\n%s\nwithout\n%s", i, got, want)
		}
		if j := joined(c); !bytes.Equal(j, want) {
			t.Fatalf("step %d: the parts make\n%s\nwant\n%s", i, j, want)
		}
		_, items, same := c.Picture()
		if len(same) != len(items) {
			t.Fatalf("step %d: %d items, %d same", i, len(items), len(same))
		}
		reused := 0
		for k, s := range same {
			if s < 0 {
				continue
			}
			reused++
			if i == 0 || s >= len(prev) || !bytes.Equal(prev[s], items[k]) {
				t.Fatalf("step %d: item %d said the same as %d before, which differs", i, k, s)
			}
		}
		if i > 0 && reused == 0 {
			t.Errorf("step %d: nothing reused", i)
		}
		prev = nil
		for _, it := range items {
			prev = append(prev, bytes.Clone(it))
		}
	}
}

// TestEqualItemFields: equalItem looks at every field of every scene
// type, so an item that differs in any is written again.
func TestEqualItemFields(t *testing.T) {
	items := []scene.Item{
		&scene.Group{Kind: "node", ID: "a", Class: "c", Title: "t", Items: []scene.Item{&scene.Rect{}}},
		&scene.Rect{R: geom.Rect{X: 1, Y: 2, W: 3, H: 4}, Radius: 5, Fill: "f", Stroke: scene.Stroke{Color: "c", Width: 1, Dash: true}},
		&scene.Ellipse{C: geom.Point{X: 1, Y: 2}, RX: 3, RY: 4, Fill: "f", Stroke: scene.Stroke{Color: "c", Width: 1, Dash: true}},
		&scene.Polygon{Points: []geom.Point{{X: 1, Y: 2}}, Fill: "f", Stroke: scene.Stroke{Color: "c", Width: 1, Dash: true}},
		&scene.Path{Points: []geom.Point{{X: 1, Y: 2}}, Radius: 3, Stroke: scene.Stroke{Color: "c", Width: 1, Dash: true}, Arrow: true},
		&scene.Text{X: 1, Y: 2, Lines: []string{"a"}, Size: 3, Bold: true, Color: "c", Anchor: scene.Middle, LineHeight: 4},
	}
	for _, it := range items {
		v := reflect.ValueOf(it).Elem()
		// Every leaf field (through structs, and the first element of
		// slices) changed in turn.
		var leaves func(v reflect.Value, path string, each func(reflect.Value, string))
		leaves = func(v reflect.Value, path string, each func(reflect.Value, string)) {
			switch v.Kind() {
			case reflect.Struct:
				for i := range v.NumField() {
					leaves(v.Field(i), path+"."+v.Type().Field(i).Name, each)
				}
			case reflect.Slice:
				each(v, path+" (length)")
				if v.Len() > 0 {
					leaves(v.Index(0), path+"[0]", each)
				}
			default:
				each(v, path)
			}
		}
		n := 0
		leaves(v, v.Type().Name(), func(f reflect.Value, path string) {
			n++
			other := clone(it)
			ov := reflect.ValueOf(other).Elem()
			// The same field in the copy.
			target := fieldAt(ov, v, f)
			switch target.Kind() {
			case reflect.String:
				target.SetString(target.String() + "x")
			case reflect.Float64:
				target.SetFloat(target.Float() + 1)
			case reflect.Bool:
				target.SetBool(!target.Bool())
			case reflect.Int:
				target.SetInt(target.Int() + 1)
			case reflect.Slice:
				target.Set(reflect.Append(target, reflect.Zero(target.Type().Elem())))
			case reflect.Interface:
				target.Set(reflect.ValueOf(&scene.Ellipse{}))
			default:
				t.Fatalf("%s: a field of kind %s: teach this test (and equalItem) about it", path, target.Kind())
			}
			if equalItem(it, other) || equalItem(other, it) {
				t.Errorf("%s changed, but the items compare equal", path)
			}
		})
		if !equalItem(it, clone(it)) {
			t.Errorf("%T: a copy does not compare equal", it)
		}
		if n < 2 {
			t.Fatalf("%T: only %d fields seen", it, n)
		}
	}
	if equalItem(&scene.Rect{R: geom.Rect{X: 0}}, &scene.Rect{R: geom.Rect{X: math.Copysign(0, -1)}}) {
		t.Error("0 and -0 are written differently but compare equal")
	}
	if nan := math.NaN(); equalItem(&scene.Rect{Radius: nan}, &scene.Rect{Radius: nan}) {
		t.Error("NaN compares equal")
	}
}

// clone deep-copies a scene item.
func clone(it scene.Item) scene.Item {
	var cp func(v reflect.Value) reflect.Value
	cp = func(v reflect.Value) reflect.Value {
		switch v.Kind() {
		case reflect.Pointer:
			n := reflect.New(v.Type().Elem())
			n.Elem().Set(cp(v.Elem()))
			return n
		case reflect.Interface:
			if v.IsNil() {
				return v
			}
			n := reflect.New(v.Type()).Elem()
			n.Set(cp(v.Elem()))
			return n
		case reflect.Struct:
			n := reflect.New(v.Type()).Elem()
			for i := range v.NumField() {
				n.Field(i).Set(cp(v.Field(i)))
			}
			return n
		case reflect.Slice:
			n := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			for i := range v.Len() {
				n.Index(i).Set(cp(v.Index(i)))
			}
			return n
		}
		return v
	}
	return cp(reflect.ValueOf(it)).Interface().(scene.Item)
}

// fieldAt finds in dst the value at the place f has in src (the same
// path of fields and first elements).
func fieldAt(dst, src, f reflect.Value) reflect.Value {
	if src.Kind() == f.Kind() && src.CanAddr() && f.CanAddr() && src.UnsafeAddr() == f.UnsafeAddr() && src.Type() == f.Type() {
		return dst
	}
	switch src.Kind() {
	case reflect.Struct:
		for i := range src.NumField() {
			if r := fieldAt(dst.Field(i), src.Field(i), f); r.IsValid() {
				return r
			}
		}
	case reflect.Slice:
		if src.Len() > 0 {
			return fieldAt(dst.Index(0), src.Index(0), f)
		}
	}
	return reflect.Value{}
}
