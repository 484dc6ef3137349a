// Package kiosk is the domain of Một Cửa Kiosk: the types a commune's one-stop desk
// works with (procedures, services, counters, tickets, calls, dossiers, ratings, staff,
// holidays), their validation, the service interfaces and the one error type.
//
// It imports the standard library only. Storage (kiosk/sqlite), the LAN server
// (kiosk/web), sync and hardware are adapters around it.
package kiosk
