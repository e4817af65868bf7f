package mcp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"flowzap/internal/jsonbody"
)

// MaxMessage is the largest JSON-RPC message (one line) the stdio server
// reads; a longer line is answered with an error and skipped.
const MaxMessage = 16 << 20

// lineTransport is newline-delimited JSON-RPC over a reader and a writer,
// like the SDK's IOTransport, except that a malformed message never ends
// the session: it is answered with a JSON-RPC error (parse error or invalid
// request, with the request's id when one can be read) and reading goes on.
type lineTransport struct {
	r      io.ReadCloser
	w      io.WriteCloser
	maxLen int
}

// Connect implements sdk.Transport.
func (t *lineTransport) Connect(context.Context) (sdk.Connection, error) {
	c := &lineConn{t: t, msgs: make(chan jsonrpc.Message), done: make(chan struct{}), maxLen: t.maxLen}
	if c.maxLen <= 0 {
		c.maxLen = MaxMessage
	}
	go c.readLoop()
	return c, nil
}

type lineConn struct {
	t       *lineTransport
	maxLen  int
	msgs    chan jsonrpc.Message
	done    chan struct{}
	errMu   sync.Mutex
	readErr error
	wmu     sync.Mutex
	once    sync.Once

	// The client's calls not answered yet: at the end of the input the
	// session ends only once they are (a client may write its requests
	// and close its end at once: `flowzap mcp < requests.jsonl`).
	pendMu   sync.Mutex
	pending  map[jsonrpc.ID]struct{}
	answered chan struct{} // closed, and replaced, at each answer
	// The calls the client cancelled before their answer: the answer
	// the library still writes (the tool's "context canceled") is
	// dropped, as MCP asks of a cancelled request.
	cancelled map[jsonrpc.ID]struct{}
}

// drainMax bounds how long the end of the input waits for the calls in
// flight to be answered (each tool call has its own, shorter limits).
var drainMax = 2 * time.Minute

// track notes a call read from the client, or forgets one the client
// cancelled (a cancelled call gets no answer).
func (c *lineConn) track(m jsonrpc.Message) {
	r, ok := m.(*jsonrpc.Request)
	if !ok {
		return
	}
	c.pendMu.Lock()
	defer c.pendMu.Unlock()
	if r.IsCall() {
		if c.pending == nil {
			c.pending = map[jsonrpc.ID]struct{}{}
		}
		c.pending[r.ID] = struct{}{}
		return
	}
	if r.Method == "notifications/cancelled" {
		var p struct {
			RequestID any `json:"requestId"`
		}
		if json.Unmarshal(r.Params, &p) == nil {
			if id, err := jsonrpc.MakeID(p.RequestID); err == nil {
				if _, ok := c.pending[id]; ok {
					if c.cancelled == nil {
						c.cancelled = map[jsonrpc.ID]struct{}{}
					}
					c.cancelled[id] = struct{}{}
				}
				delete(c.pending, id)
			}
		}
	}
}

// answer notes a response about to be written to the client, and
// reports whether to write it: not when the client cancelled the call.
func (c *lineConn) answer(m jsonrpc.Message) bool {
	r, ok := m.(*jsonrpc.Response)
	if !ok {
		return true
	}
	c.pendMu.Lock()
	defer c.pendMu.Unlock()
	delete(c.pending, r.ID)
	if c.answered != nil {
		close(c.answered)
		c.answered = nil
	}
	if _, ok := c.cancelled[r.ID]; ok {
		delete(c.cancelled, r.ID)
		return false
	}
	return true
}

// drain waits until every call read has been answered, ctx ends, the
// connection closes or drainMax passes.
func (c *lineConn) drain(ctx context.Context) {
	limit := time.NewTimer(drainMax)
	defer limit.Stop()
	for {
		c.pendMu.Lock()
		if len(c.pending) == 0 {
			c.pendMu.Unlock()
			return
		}
		if c.answered == nil {
			c.answered = make(chan struct{})
		}
		ch := c.answered
		c.pendMu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		case <-c.done:
			return
		case <-limit.C:
			return
		}
	}
}

func (c *lineConn) SessionID() string { return "" }

func (c *lineConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.drain(ctx)
			c.errMu.Lock()
			defer c.errMu.Unlock()
			if c.readErr != nil {
				return nil, c.readErr
			}
			return nil, io.EOF
		}
		c.track(m)
		return m, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.done:
		return nil, io.EOF
	}
}

func (c *lineConn) Write(_ context.Context, m jsonrpc.Message) error {
	data, err := jsonrpc.EncodeMessage(coded(m))
	if err != nil {
		return err
	}
	if !c.answer(m) {
		return nil
	}
	return c.writeLine(data)
}

// coded gives an error response the library wrote without a JSON-RPC
// error code (code 0, which JSON-RPC does not define) one: invalid
// request for a call before initialize, with what to send first;
// internal error otherwise.
func coded(m jsonrpc.Message) jsonrpc.Message {
	r, ok := m.(*jsonrpc.Response)
	if !ok || r.Error == nil {
		return m
	}
	var we *jsonrpc.Error
	if errors.As(r.Error, &we) && we.Code != 0 {
		if we.Code == jsonrpc.CodeInvalidParams && goWords(we.Message) {
			return &jsonrpc.Response{ID: r.ID, Result: r.Result, Extra: r.Extra,
				Error: &jsonrpc.Error{Code: we.Code, Message: plainParams(we.Message)}}
		}
		return m
	}
	msg, code := r.Error.Error(), int64(jsonrpc.CodeInternalError)
	if goWords(msg) {
		// The library could not read the params: the client's mistake.
		msg, code = plainParams(msg), jsonrpc.CodeInvalidParams
	}
	if strings.Contains(msg, "during session initialization") {
		msg += ": send initialize, then notifications/initialized, first"
		code = jsonrpc.CodeInvalidRequest
	}
	if strings.Contains(msg, `duplicate "initialize"`) {
		// The client's mistake, not the server's: invalid request.
		msg += ": this session is already initialized (one initialize per session; start the server again for a new one)"
		code = jsonrpc.CodeInvalidRequest
	}
	return &jsonrpc.Response{ID: r.ID, Result: r.Result, Error: &jsonrpc.Error{Code: code, Message: msg}, Extra: r.Extra}
}

// goWords reports whether a library error quotes encoding/json's
// words about Go types (a params object it could not read).
func goWords(msg string) bool {
	return strings.Contains(msg, "cannot unmarshal") || strings.Contains(msg, "Go value") || strings.Contains(msg, "Go struct")
}

// plainParams words a params object the library could not read without
// Go type names: the method it was for, as the library names it.
func plainParams(msg string) string {
	method := ""
	if i := strings.Index(msg, "handling '"); i >= 0 {
		if j := strings.IndexByte(msg[i+10:], '\''); j >= 0 {
			method = msg[i+10 : i+10+j]
		}
	}
	if method == "" {
		return "invalid params: they do not have the fields and types MCP defines for this method"
	}
	return fmt.Sprintf("invalid params for %s: they do not have the fields and types MCP defines for it", method)
}

func (c *lineConn) writeLine(data []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := c.t.w.Write(append(data, '\n')); err != nil {
		return err
	}
	return nil
}

func (c *lineConn) Close() error {
	c.once.Do(func() {
		close(c.done)
		c.t.r.Close()
		c.t.w.Close()
	})
	return nil
}

// readLoop reads lines, answers the malformed ones and hands the others
// to Read.
func (c *lineConn) readLoop() {
	defer close(c.msgs)
	br := bufio.NewReaderSize(c.t.r, 64<<10)
	for {
		line, tooLong, err := readLine(br, c.maxLen)
		if tooLong {
			c.reply(nil, jsonrpc.CodeParseError, fmt.Sprintf("message too large: the limit is %d bytes per line", c.maxLen))
		} else if len(bytes.TrimSpace(line)) > 0 {
			if m := c.decode(line); m != nil {
				select {
				case c.msgs <- m:
				case <-c.done:
					return
				}
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.errMu.Lock()
				c.readErr = err
				c.errMu.Unlock()
			}
			return
		}
	}
}

// readLine reads one line without its newline. A line longer than max is
// read to its end and dropped, reporting tooLong.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, err
	}
}

// decode checks one line and returns its message, or answers the error and
// returns nil.
func (c *lineConn) decode(line []byte) jsonrpc.Message {
	// A UTF-8 byte order mark carries no meaning: dropped, as the HTTP
	// API drops it.
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(line), []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		c.reply(nil, jsonrpc.CodeParseError, "parse error: found nothing but a byte order mark: expected a JSON object")
		return nil
	}
	if !utf8.Valid(trimmed) {
		off := 0
		for off < len(trimmed) {
			r, n := utf8.DecodeRune(trimmed[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		msg := fmt.Sprintf("parse error: found the byte 0x%02x at byte %d, which is not UTF-8: expected a JSON object in UTF-8", trimmed[off], off+1)
		if bytes.HasPrefix(trimmed, []byte("\xff\xfe")) || bytes.HasPrefix(trimmed, []byte("\xfe\xff")) {
			msg += " (the line starts with a UTF-16 byte order mark: send UTF-8)"
		}
		c.reply(nil, jsonrpc.CodeParseError, msg)
		return nil
	}
	if trimmed[0] == '[' {
		c.reply(nil, jsonrpc.CodeInvalidRequest, "batches (JSON arrays of messages) are not supported: send one message per line")
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		var msg string
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			msg = fmt.Sprintf("parse error: not valid JSON at byte %d: %s", se.Offset, jsonbody.SyntaxWords(trimmed, se.Error(), int(se.Offset)))
		case trimmed[0] != '{':
			msg = "parse error: a message must be a JSON object"
		default:
			msg = "parse error: " + err.Error()
		}
		c.reply(nil, jsonrpc.CodeParseError, msg)
		return nil
	}
	if id, code, msg := messageProblem(raw); msg != "" {
		c.reply(id, code, msg)
		return nil
	}
	m, err := jsonrpc.DecodeMessage(trimmed)
	if err != nil {
		id, _ := readID(raw["id"])
		c.reply(id, jsonrpc.CodeInvalidRequest, "invalid request: "+err.Error())
		return nil
	}
	return m
}

// readID reads a request id: a string, a number or null (ok false for any
// other JSON value).
func readID(raw json.RawMessage) (any, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	switch v.(type) {
	case string, float64:
		return json.RawMessage(raw), true
	}
	return nil, false
}

// idProblem says what is wrong with a numeric id that the library
// would answer with another id ("" when none): a fraction (1.5, answered
// as 1) or an integer past 64 bits (answered as -9223372036854775808).
// MCP ids are strings or integers; the refusal echoes the id as sent.
func idProblem(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return ""
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err == nil && f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
		if bytes.ContainsAny(raw, ".eE") {
			return "" // 1e3 or 2.0: an integer, answered with the same value
		}
		if _, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return ""
		}
	}
	return fmt.Sprintf("invalid request: the id %s must be a string or an integer between -2^63 and 2^63-1", raw)
}

// reply writes an error response with the given id (null when nil).
func (c *lineConn) reply(id any, code int64, msg string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "error": map[string]any{"code": code, "message": msg}})
	c.writeLine(data)
}
