package kiosk

import (
	"reflect"
	"testing"
)

func TestRatingClassOnBothScales(t *testing.T) {
	want := map[int][]string{
		3: {RatingDissatisfied, RatingSatisfied, RatingSatisfied},
		5: {RatingDissatisfied, RatingDissatisfied, RatingNeutral, RatingSatisfied, RatingSatisfied},
	}
	for scale, classes := range want {
		for i, c := range classes {
			if got := RatingClass(i+1, scale); got != c {
				t.Errorf("score %d of %d: %s, want %s", i+1, scale, got, c)
			}
		}
		// The pad asks for reasons exactly after the dissatisfied levels.
		for _, l := range RatingLevels(scale) {
			if l.Dissatisfied != (RatingClass(l.Score, scale) == RatingDissatisfied) {
				t.Errorf("level %+v of %d", l, scale)
			}
		}
	}
	if f := FormOf(0); f.Scale != 3 || len(f.Levels) != 3 || f.Levels[0].Name != "Rất hài lòng" || f.Levels[2].Name != "Không hài lòng" {
		t.Fatalf("default form %+v", f)
	}
}

func TestRatingAnswerClean(t *testing.T) {
	got, err := RatingAnswer{Score: 1, Reasons: []string{"other", "attitude", "other"}}.Clean(3)
	if err != nil || !reflect.DeepEqual(got, RatingAnswer{Score: 1, Reasons: []string{"attitude", "other"}}) {
		t.Fatalf("clean %+v %v", got, err)
	}
	if got, err := (RatingAnswer{Score: 3}).Clean(3); err != nil || got.Reasons == nil {
		t.Fatalf("no reasons must be an empty list (JSON []): %+v %v", got, err)
	}
	for _, bad := range []struct {
		a     RatingAnswer
		scale int
		field string
	}{
		{RatingAnswer{Score: 0}, 3, "score"},
		{RatingAnswer{Score: 4}, 3, "score"},
		{RatingAnswer{Score: -1}, 5, "score"},
		{RatingAnswer{Score: 2, Reasons: []string{"attitude"}}, 3, "reasons"},
		{RatingAnswer{Score: 3, Reasons: []string{"attitude"}}, 5, "reasons"},
		{RatingAnswer{Score: 1, Reasons: []string{"Thái độ"}}, 3, "reasons"},
	} {
		if _, err := bad.a.Clean(bad.scale); ErrorCode(err) != EINVALID || ErrorOf(err).Field != bad.field {
			t.Errorf("%+v of %d: %v, want invalid %s", bad.a, bad.scale, err, bad.field)
		}
	}
}

func TestRatingScaleIsThreeOrFive(t *testing.T) {
	for scale, ok := range map[int]bool{0: true, 3: true, 5: true, 4: false, 10: false, -3: false} {
		q := DefaultQueueConfig()
		q.RatingScale = scale
		err := q.Validate()
		if ok != (err == nil) || (!ok && ErrorOf(err).Field != "queue.rating_scale") {
			t.Errorf("rating_scale %d: %v", scale, err)
		}
	}
}
