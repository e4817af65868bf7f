package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLen is the longest diagram name, in characters.
const MaxNameLen = 200

// VersionInfo describes one saved version of a diagram.
type VersionInfo struct {
	Version   int    `json:"version"`
	View      string `json:"view"`
	Size      int    `json:"size"` // bytes of code
	CreatedAt int64  `json:"createdAt"`
}

// History is a diagram's name and its versions, newest first.
type History struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Current  int           `json:"current"`
	Versions []VersionInfo `json:"versions"`
}

// MaxVersionsListed is how many versions [Store.Versions] lists at most,
// the newest: a diagram saved all day long has hundreds of thousands,
// and one answer with all of them would be unbounded work. The others
// stay readable one by one; Current says how many there are.
const MaxVersionsListed = 1000

// Versions returns the name and the list of versions of a live diagram,
// the newest [MaxVersionsListed] of them.
func (s *Store) Versions(ctx context.Context, id string) (*History, error) {
	if !possibleID(id) {
		return nil, ErrNotFound
	}
	h := &History{ID: id, Versions: []VersionInfo{}}
	var deleted sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT name, current_version, deleted_at FROM diagrams WHERE id = $1`, id).Scan(&h.Name, &h.Current, &deleted)
	if errors.Is(err, sql.ErrNoRows) || err == nil && deleted.Valid {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version, view, LENGTH(code), created_at FROM versions WHERE diagram_id = $1 ORDER BY version DESC LIMIT `+fmt.Sprint(MaxVersionsListed), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v VersionInfo
		if err := rows.Scan(&v.Version, &v.View, &v.Size, &v.CreatedAt); err != nil {
			return nil, err
		}
		h.Versions = append(h.Versions, v)
	}
	return h, rows.Err()
}

// CleanName trims a name and checks it: at most [MaxNameLen] characters,
// valid UTF-8, no control characters and no format characters (Unicode
// category Cf: bidi overrides such as U+202E, zero-width characters such
// as U+200B), which would make a name look like another. A refused
// character is named with its place (1-based, in characters, after
// trimming).
func CleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("the name is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLen {
		return "", fmt.Errorf("the name has %d characters: the limit is %d", n, MaxNameLen)
	}
	rs := []rune(name)
	for i, r := range rs {
		at := i + 1
		switch {
		case unicode.IsControl(r):
			return "", fmt.Errorf("the name contains the control character %U at character %d", r, at)
		case r == '\u200d' && i > 0 && i+1 < len(rs) && emojiPart(rs[i-1]) && unicode.Is(unicode.So, rs[i+1]):
			// A zero-width joiner inside an emoji sequence (👩‍💻) is
			// part of the emoji.
		case unicode.Is(unicode.Cf, r):
			return "", fmt.Errorf("the name contains the invisible format character %U at character %d (such as a bidirectional override or a zero-width character): expected visible text", r, at)
		}
	}
	return name, nil
}

// Rename sets the name of a live diagram; the token must match (and the
// current version, if ifVersion is above 0: 412 otherwise). The name
// must have passed [CleanName].
func (s *Store) Rename(ctx context.Context, id, token, name string, ifVersion int) error {
	return s.retry(ctx, func(tx *sql.Tx) error {
		if _, err := s.lock(ctx, tx, id, token, ifVersion); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE diagrams SET name = $1 WHERE id = $2`, name, id)
		return err
	})
}

// emojiPart reports whether r may come before the joiner of an emoji
// sequence: a symbol, a variation selector or a skin tone.
func emojiPart(r rune) bool {
	return unicode.Is(unicode.So, r) || r == '\ufe0f' || r >= 0x1f3fb && r <= 0x1f3ff
}
