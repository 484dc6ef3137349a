package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// ReportService answers the admin page's reports from the tickets and the counters' log,
// with the names in force now (lines and counters from the queue configuration, clerks
// from the staff list, disabled ones included).
type ReportService struct {
	DB    *DB
	Queue *QueueService
	Staff *AuthService
	// Ratings and Dossiers are nil while the kiosk keeps none: the report then says it has
	// no satisfaction or dossier figures, rather than showing zeros.
	Ratings  kiosk.RatingSource
	Dossiers kiosk.DossierSource
	// Assessments gives the nine-indicator averages, shown only while the province has the
	// assessment on; nil: never shown.
	Assessments kiosk.AssessmentSource
}

var _ kiosk.ReportService = (*ReportService)(nil)

// Report counts the days q asks for.
func (s *ReportService) Report(ctx context.Context, q kiosk.ReportQuery) (kiosk.Report, error) {
	from, to, err := q.Range()
	if err != nil {
		return kiosk.Report{}, err
	}
	in := kiosk.ReportInput{Now: s.DB.Clock(), Names: map[string]string{}, HasRatings: s.Ratings != nil, HasDossiers: s.Dossiers != nil}
	if in.Tickets, err = queryTickets(ctx, s.DB.Reader(), `day >= ? AND day <= ?`, q.From, q.To); err != nil {
		return kiosk.Report{}, storageError(s.DB.Path, err)
	}
	if in.Spans, err = counterSpans(ctx, s.DB, from, to); err != nil {
		return kiosk.Report{}, err
	}
	end := to.Format(time.DateOnly)
	if s.Ratings != nil {
		if in.Ratings, err = s.Ratings.RatingFacts(ctx, q.From, end); err != nil {
			return kiosk.Report{}, err
		}
	}
	if s.Dossiers != nil {
		if in.Dossiers, err = s.Dossiers.DossierFacts(ctx, q.From, end); err != nil {
			return kiosk.Report{}, err
		}
	}
	if err := s.names(ctx, q.By, &in); err != nil {
		return kiosk.Report{}, err
	}
	rep := kiosk.BuildReport(q, in)
	if s.Assessments != nil {
		on, err := s.Assessments.AssessmentOn(ctx)
		if err != nil {
			return kiosk.Report{}, err
		}
		if on {
			facts, err := s.Assessments.AssessmentFacts(ctx, q.From, end)
			if err != nil {
				return kiosk.Report{}, err
			}
			f := kiosk.SumAssessments(facts)
			rep.Assessment = &f
		}
	}
	return rep, nil
}

// names fills in the names and the order of the report's groups: "Hộ tịch – Chứng thực",
// never "hotich".
func (s *ReportService) names(ctx context.Context, by kiosk.ReportBy, in *kiosk.ReportInput) error {
	switch by {
	case kiosk.ByLine:
		if s.Queue != nil {
			for _, l := range s.Queue.cfg().Services {
				in.Names[l.ID], in.Order = l.Name, append(in.Order, l.ID)
			}
		}
	case kiosk.ByCounter:
		if s.Queue != nil {
			for _, c := range s.Queue.cfg().Counters {
				k := fmt.Sprint(c.ID)
				in.Names[k], in.Order = c.Name, append(in.Order, k)
			}
		}
	case kiosk.ByClerk:
		if s.Staff != nil {
			all, err := s.Staff.AllStaff(ctx)
			if err != nil {
				return err
			}
			for _, m := range all {
				in.Names[m.ID], in.Order = m.Name, append(in.Order, m.ID)
			}
		}
	}
	return nil
}
