package server

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// errQueueFull is returned when a render can get no slot: the queue is
// full or the wait too long.
var errQueueFull = errors.New("render queue full")

// errRenderTimeout is returned when a render passes its time limit.
var errRenderTimeout = errors.New("render timeout")

// gate lets a fixed number of renders run at once and a bounded number
// wait, each for a bounded time.
type gate struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
	wait    time.Duration
}

func newGate(running, queue int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, running), queue: int64(queue), wait: wait}
}

// enter waits for a slot and returns the function that frees it.
func (g *gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, errQueueFull
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, errQueueFull
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (g *gate) leave() { <-g.slots }

// running and queued report the gate's load (for the metrics).
func (g *gate) running() int { return len(g.slots) }
func (g *gate) queued() int  { return int(g.waiting.Load()) }

// checksPerCPU and checkQueuePerCPU size the gate of the checks (see
// light): they are short (a millisecond to a few tenths of a second for
// the largest body), so more run at once than renders, and more wait.
const (
	checksPerCPU     = 4
	checkQueuePerCPU = 32
)

// light runs fn, the parse and check of a request's code (validate,
// format, patch, the check before a save), under the checks' gate, so
// that however many clients send large bodies at once, the processor
// they take together is bounded: past the gate's queue, or after
// QueueWait in it, the answer is 503 with Retry-After, as for renders.
// The body is read before: a slow client holds no slot.
func (s *Server) light(ctx context.Context, fn func() error) error {
	leave, err := s.checks.enter(ctx)
	if err != nil {
		return err
	}
	defer leave()
	return fn()
}

// heavy runs fn under the gate with the render time limit. The handler
// returns as soon as the client goes or the limit passes; fn sees its
// context done and stops at its next check, and its slot is freed only
// when it has really stopped, so abandoned work still counts against the
// bound on concurrent renders.
func (s *Server) heavy(ctx context.Context, fn func(ctx context.Context) error) error {
	leave, err := s.renders.enter(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.RenderTimeout)
	defer cancel() // on an early return, tells fn to stop
	done := make(chan error, 1)
	go func() {
		defer leave()
		done <- fn(ctx)
	}()
	select {
	case err := <-done:
		if ctx.Err() == context.DeadlineExceeded && errors.Is(err, context.DeadlineExceeded) {
			return errRenderTimeout
		}
		return err
	case <-ctx.Done():
		select {
		case err := <-done: // finished at the same moment
			if err == nil {
				return nil
			}
		default:
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return errRenderTimeout
		}
		return ctx.Err()
	}
}
