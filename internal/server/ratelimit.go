package server

import (
	"sync"
	"time"
)

// limiter is a token bucket per client: rate tokens a second, up to burst.
// Memory stays bounded: a bucket that has refilled carries no state and is
// dropped (every few seconds, and at once when the table is full), and
// past maxKeys clients the clients not yet tracked share one bucket, so a
// flood of new addresses can neither grow memory nor get through.
type limiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	maxKeys int
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst, maxKeys int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), maxKeys: maxKeys, buckets: map[string]*bucket{}, swept: time.Now()}
}

// overflow is the shared key of the clients beyond maxKeys.
const overflow = "\x00overflow"

func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// sweep drops the buckets that have refilled: they would behave exactly
// like new ones.
func (l *limiter) sweep(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
	l.swept = now
}

// allow takes a token for key; when none is left it returns false and how
// long until one is.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > 10*time.Second {
		l.sweep(now)
	}
	b := l.buckets[key]
	if b == nil && len(l.buckets) >= l.maxKeys && now.Sub(l.swept) > 100*time.Millisecond {
		l.sweep(now)
	}
	if b == nil && len(l.buckets) >= l.maxKeys {
		key = overflow
		b = l.buckets[key]
	}
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}
