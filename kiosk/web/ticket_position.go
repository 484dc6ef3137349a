package web

import "net/http"

// ticketPosition is the public "where is my number" (a ticket's QR scanned at the kiosk):
// ?code= holds the QR's text or a number typed (today's). Rate limited with the dossier
// look-ups, since both walk guessable codes; the kiosk window is exempt.
func (s *Server) ticketPosition(w http.ResponseWriter, r *http.Request) {
	if s.Queue == nil {
		s.writeError(w, r, errNoService)
		return
	}
	if err := s.throttleLookup(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Queue.Position(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
