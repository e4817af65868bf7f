package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func (t *tools) client() *http.Client {
	if t.opts.HTTPClient != nil {
		return t.opts.HTTPClient
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// createSession asks a flowzap serve instance for a playground session
// (POST /api/playground/create) and returns its absolute URL.
func createSession(ctx context.Context, c *http.Client, base, code, view string) (string, error) {
	body, _ := json.Marshal(map[string]string{"code": code, "view": view})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/playground/create", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			return "", fmt.Errorf("the server answered %d: %s", resp.StatusCode, e.Error)
		}
		return "", fmt.Errorf("the server answered %d", resp.StatusCode)
	}
	var out struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(data, &out); err != nil || out.URL == "" {
		return "", fmt.Errorf("the server's answer has no url")
	}
	u, err := url.Parse(out.URL)
	if err != nil {
		return "", fmt.Errorf("the server's url %q is not valid", out.URL)
	}
	b, _ := url.Parse(base + "/")
	abs := b.ResolveReference(u)
	if abs.Host != b.Host || !strings.HasPrefix(abs.Scheme, "http") {
		return "", fmt.Errorf("the server's url %q points elsewhere", out.URL)
	}
	return abs.String(), nil
}
