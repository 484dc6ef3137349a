package kiosk

import "sync"

// Notice is a live event for screens on the LAN (ticket issued, ticket called, notice
// changed…). It is published after the change is committed; screens that miss one catch
// up by reading state, so a Notice may be dropped but is never the only record.
type Notice struct {
	Kind string `json:"kind"`
	Data any    `json:"data,omitempty"`
}

// Publisher sends live notices. Implementations must not block the caller.
type Publisher interface {
	Publish(Notice)
}

// Broker fans notices out to subscribers, each with a bounded buffer: a subscriber too
// slow to keep up loses notices rather than stalling the service that published them.
type Broker struct {
	mu   sync.Mutex
	subs map[chan Notice]struct{}
}

// NewBroker returns an empty broker.
func NewBroker() *Broker { return &Broker{subs: make(map[chan Notice]struct{})} }

// Publish delivers n to every subscriber whose buffer has room.
func (b *Broker) Publish(n Notice) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- n:
		default:
		}
	}
}

// Subscribe returns a channel of notices and a function that ends the subscription and
// closes the channel. buffer is how many notices may wait unread.
func (b *Broker) Subscribe(buffer int) (<-chan Notice, func()) {
	ch := make(chan Notice, buffer)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, ch)
			b.mu.Unlock()
			close(ch)
		})
	}
}

// Subscribers returns how many subscriptions are open (shown in health reports).
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}
