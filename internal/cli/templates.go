package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"flowzap/gallery"
	"flowzap/internal/pipeline"
)

var templatesCmd = &command{
	name:    "templates",
	summary: "list, search, show and copy the built-in templates",
	usage:   "flowzap templates [list] [-q WORDS] [-category ID] [-complexity LEVEL] [-view VIEW] [-lang en|fr|zh] [-json]\n       flowzap templates show SLUG [-lang en|fr|zh] [-json]\n       flowzap templates new SLUG [-o FILE] [-force]",
	setup: func(fs *flag.FlagSet) runFunc {
		f := &templatesFlags{}
		fs.StringVar(&f.query, "q", "", "search words, all of which must match (English, French or Chinese; accents and case ignored)")
		fs.StringVar(&f.category, "category", "", "only this category: "+strings.Join(categoryIDs(), ", "))
		fs.StringVar(&f.complexity, "complexity", "", "only this complexity: "+strings.Join(gallery.Complexities, ", "))
		fs.StringVar(&f.view, "view", "", "only templates meant for this view: workflow, sequence, architecture or mindmap")
		fs.StringVar(&f.lang, "lang", "", "language of titles and descriptions: en, fr or zh (default from FLOWZAP_LANG, LC_ALL, LC_MESSAGES or LANG, else en)")
		fs.BoolVar(&f.json, "json", false, "print JSON instead of text")
		fs.StringVar(&f.out, "o", "", "new: the file to write (default: standard output)")
		fs.BoolVar(&f.force, "force", false, "new: replace FILE if it exists")
		return f.run
	},
}

type templatesFlags struct {
	query, category, complexity, view, lang, out string
	json, force                                  bool
}

func categoryIDs() []string {
	var ids []string
	for _, c := range gallery.Categories {
		ids = append(ids, c.ID)
	}
	return ids
}

func (f *templatesFlags) run(_ context.Context, x *ctx, args []string) error {
	if f.lang == "" {
		f.lang = x.lang
	}
	if !slices.Contains(gallery.Languages, f.lang) {
		return usagef("unknown language %q: expected en, fr or zh%s", f.lang, didYouMean(f.lang, gallery.Languages))
	}
	sub := "list"
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	if sub != "new" && (f.out != "" || f.force) {
		return usagef("-o and -force only apply to 'templates new'")
	}
	if sub != "list" && (f.query != "" || f.category != "" || f.complexity != "" || f.view != "") {
		return usagef("-q, -category, -complexity and -view only apply to 'templates list'")
	}
	switch sub {
	case "list":
		if len(args) > 0 {
			return argsf("list takes no arguments; search with -q %q", strings.Join(args, " "))
		}
		return f.list(x)
	case "show", "new":
		if len(args) != 1 {
			return argsf("%s takes one template SLUG", sub)
		}
		t, err := lookupTemplate(args[0])
		if err != nil {
			return err
		}
		if sub == "show" {
			return f.show(x, t)
		}
		return f.create(x, t)
	}
	return argsf("unknown subcommand %q: expected list, show or new%s", sub, didYouMean(sub, []string{"list", "show", "new"}))
}

func (f *templatesFlags) list(x *ctx) error {
	if f.category != "" {
		if _, ok := gallery.CategoryByID(f.category); !ok {
			return usagef("unknown category %q: expected %s%s", f.category, strings.Join(categoryIDs(), ", "), didYouMean(f.category, categoryIDs()))
		}
	}
	if f.complexity != "" && !slices.Contains(gallery.Complexities, f.complexity) {
		return usagef("unknown complexity %q: expected %s%s", f.complexity, strings.Join(gallery.Complexities, ", "), didYouMean(f.complexity, gallery.Complexities))
	}
	if err := checkChoice(f.view, pipeline.Views, pipeline.CheckView); err != nil {
		return err
	}
	list := gallery.Search(gallery.Filter{Query: f.query, Category: f.category, Complexity: f.complexity, View: f.view})
	if f.json {
		enc := json.NewEncoder(x.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(x.Stderr, "no template matches; try fewer words or another category")
		return errReported
	}
	tw := tabwriter.NewWriter(x.Stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tCATEGORY\tCOMPLEXITY\tVIEW\tTITLE")
	for _, t := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Category, t.Complexity, t.View, t.Title.In(f.lang))
	}
	return tw.Flush()
}

func (f *templatesFlags) show(x *ctx, t gallery.Template) error {
	if f.json {
		enc := json.NewEncoder(x.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(t)
	}
	c, _ := gallery.CategoryByID(t.Category)
	w := x.Stdout
	fmt.Fprintf(w, "%s (%s)\n%s\n\n", t.Title.In(f.lang), t.ID, t.Description.In(f.lang))
	fmt.Fprintf(w, "category:   %s\nview:       %s\ncomplexity: %s (%d lanes, %d nodes, %d edges, %d loops)\ntags:       %s\n",
		c.Name(f.lang), t.View, t.Complexity, t.Counts.Lanes, t.Counts.Nodes, t.Counts.Edges, t.Counts.Loops, strings.Join(t.Tags, ", "))
	if len(t.Related) > 0 {
		fmt.Fprintf(w, "related:    %s\n", strings.Join(t.Related, ", "))
	}
	fmt.Fprintf(w, "\n%s", t.Code)
	return nil
}

func (f *templatesFlags) create(x *ctx, t gallery.Template) error {
	if f.out == "" || f.out == "-" {
		_, err := fmt.Fprint(x.Stdout, t.Code)
		return err
	}
	if _, err := os.Stat(x.path(f.out)); err == nil && !f.force {
		return fmt.Errorf("%s exists: use -force to replace it", f.out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := x.writeAtomic(f.out, []byte(t.Code)); err != nil {
		return err
	}
	fmt.Fprintf(x.Stderr, "wrote %s from template %s (%d nodes); open it with flowzap render %s\n", f.out, t.ID, t.Counts.Nodes, f.out)
	return nil
}

// lookupTemplate finds a template by slug and suggests close slugs when
// there is none.
func lookupTemplate(slug string) (gallery.Template, error) {
	if t, ok := gallery.Get(slug); ok {
		return t, nil
	}
	var near []string
	for _, t := range gallery.Search(gallery.Filter{Query: strings.ReplaceAll(slug, "-", " ")}) {
		near = append(near, t.ID)
	}
	if len(near) == 0 {
		for _, t := range gallery.All() {
			if strings.Contains(t.ID, slug) || strings.Contains(slug, t.ID) {
				near = append(near, t.ID)
			}
		}
	}
	msg := fmt.Sprintf("no template %q", slug)
	if len(near) > 0 {
		if len(near) > 5 {
			near = near[:5]
		}
		msg += "; did you mean " + strings.Join(near, ", ") + "?"
	} else {
		msg += "; run 'flowzap templates list' to see them"
	}
	return gallery.Template{}, errors.New(msg)
}
