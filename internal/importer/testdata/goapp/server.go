package shop

import (
	"errors"
	"net/http"
)

// Server handles checkout requests.
type Server struct {
	store  *Store
	mailer Mailer
}

// Mailer sends emails.
type Mailer interface{ Send(to, body string) error }

// Store keeps orders.
type Store struct{}

// Save stores an order.
func (s *Store) Save(o Order) error { return validate(o) }

// Order is a customer's order.
type Order struct{ Email string }

func validate(o Order) error {
	if o.Email == "" {
		return errors.New("no email")
	}
	return nil
}

// Checkout takes an order and confirms it by email.
func (s *Server) Checkout(w http.ResponseWriter, r *http.Request) {
	o := Order{Email: r.FormValue("email")}
	if err := s.store.Save(o); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mailer.Send(o.Email, "thanks")
	w.WriteHeader(http.StatusCreated)
}
