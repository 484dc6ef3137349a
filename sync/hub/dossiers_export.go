package hub

import (
	"bufio"
	"encoding/json"
	"net/http"

	"github.com/motcua/motcua/kiosk"
)

// The dossiers' export in the national portal's field names (dossier_portal.go), with the
// list's filters and scope (dossierQuery): GET /admin/v1/dossiers/export.json (each dossier
// with its progress rows, QuaTrinhXuLy), export.csv (a row per dossier) and
// export-progress.csv (a row per progress row). Dossiers are read, mapped and written one at
// a time, so a province's hundreds of thousands never sit in memory; the routes go on the
// streams mux, which signAnswers does not hold whole.

// Export kinds, the last part of their paths.
const (
	exportJSON        = "export.json"
	exportCSV         = "export.csv"
	exportProgressCSV = "export-progress.csv"
)

// portalColumns are export.csv's header and cells, in portal-fields.md's order: the lists
// (DinhDanhCHS, DanhSachLePhi, DanhSachHoSoBoSung) as their JSON, the same members as in
// export.json.
var portalColumns = []struct {
	name string
	cell func(p *PortalDossier) string
}{
	{"MaHoSo", func(p *PortalDossier) string { return p.MaHoSo }},
	{"MaTTHC", func(p *PortalDossier) string { return p.MaTTHC }},
	{"TenTTHC", func(p *PortalDossier) string { return p.TenTTHC }},
	{"MaLinhVuc", func(p *PortalDossier) string { return p.MaLinhVuc }},
	{"TenLinhVuc", func(p *PortalDossier) string { return p.TenLinhVuc }},
	{"KenhThucHien", func(p *PortalDossier) string { return p.KenhThucHien }},
	{"ChuHoSo", func(p *PortalDossier) string { return p.ChuHoSo }},
	{"LoaiDoiTuong", func(p *PortalDossier) string { return p.LoaiDoiTuong }},
	{"MaDoiTuong", func(p *PortalDossier) string { return p.MaDoiTuong }},
	{"SoDienThoai", func(p *PortalDossier) string { return p.SoDienThoai }},
	{"Email", func(p *PortalDossier) string { return p.Email }},
	{"TrichYeuHoSo", func(p *PortalDossier) string { return p.TrichYeuHoSo }},
	{"NgayTiepNhan", func(p *PortalDossier) string { return p.NgayTiepNhan }},
	{"NgayHenTra", func(p *PortalDossier) string { return p.NgayHenTra }},
	{"TrangThaiHoSo", func(p *PortalDossier) string { return p.TrangThaiHoSo }},
	{"NgayTra", func(p *PortalDossier) string { return p.NgayTra }},
	{"NoiNopHoSo", func(p *PortalDossier) string { return p.NoiNopHoSo }},
	{"NgayNopHoSo", func(p *PortalDossier) string { return p.NgayNopHoSo }},
	{"NgayTuChoi", func(p *PortalDossier) string { return p.NgayTuChoi }},
	{"DinhDanhCHS", func(p *PortalDossier) string { return jsonCell(p.DinhDanhCHS) }},
	{"DanhSachLePhi", func(p *PortalDossier) string { return jsonCell(p.DanhSachLePhi) }},
	{"DanhSachHoSoBoSung", func(p *PortalDossier) string { return jsonCell(p.DanhSachHoSoBoSung) }},
}

// progressColumns are export-progress.csv's header, the progress rows' fields in order.
var progressColumns = []string{"MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy", "NoiDungXuLy",
	"TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh"}

func progressCells(s PortalStep) []string {
	return []string{s.MaHoSo, s.NguoiXuLy, s.ChucDanh, s.ThoiDiemXuLy, s.PhongBanXuLy, s.NoiDungXuLy, s.TrangThai,
		s.NgayBatDau, s.NgayKetThucTheoQuyDinh}
}

func jsonCell(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// dossierSink writes one export: begin before the first dossier, put each, end after the last.
type dossierSink interface {
	begin() error
	put(p *PortalDossier) error
	end() error
}

// jsonSink writes a JSON array, a dossier to a line.
type jsonSink struct {
	w *bufio.Writer
	n int
}

func (j *jsonSink) begin() error {
	_, err := j.w.WriteString("[")
	return err
}

func (j *jsonSink) put(p *PortalDossier) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "\n"
	}
	j.n++
	if _, err := j.w.WriteString(sep); err != nil {
		return err
	}
	_, err = j.w.Write(b)
	return err
}

func (j *jsonSink) end() error {
	_, err := j.w.WriteString("\n]\n")
	return err
}

// csvSink writes export.csv, or export-progress.csv when progress is set.
type csvSink struct {
	c        *kiosk.SpreadsheetCSV
	progress bool
}

func (c *csvSink) begin() error {
	if c.progress {
		return c.c.Write(progressColumns)
	}
	header := make([]string, len(portalColumns))
	for i, col := range portalColumns {
		header[i] = col.name
	}
	return c.c.Write(header)
}

func (c *csvSink) put(p *PortalDossier) error {
	if c.progress {
		for _, s := range p.QuaTrinhXuLy {
			if err := c.c.Write(progressCells(s)); err != nil {
				return err
			}
		}
		return nil
	}
	rec := make([]string, len(portalColumns))
	for i, col := range portalColumns {
		rec[i] = col.cell(p)
	}
	return c.c.Write(rec)
}

func (c *csvSink) end() error { return c.c.Flush() }

// dossierExport answers one export kind. The answer starts (200, its headers) with the
// first dossier or at the end: a store that fails before is a 500; one that fails after
// (or a client gone) cuts the connection, so a download never looks whole when it is not.
// Each export is in the audit log with its filter: it carries personal data.
func (s *Server) dossierExport(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, f, _, err := s.dossierQuery(r)
		if err != nil {
			s.queryRefused(w, r, err)
			return
		}
		s.audit(r, userOf(r), "dossier.export", kind, f.values().Encode())
		buf := bufio.NewWriterSize(w, 64<<10)
		name := "ho-so-" + s.now().In(zoneICT).Format("20060102-150405")
		var sink dossierSink
		contentType := "text/csv; charset=utf-8"
		switch kind {
		case exportJSON:
			sink, contentType, name = &jsonSink{w: buf}, "application/json; charset=utf-8", name+".json"
		case exportCSV:
			sink, name = &csvSink{c: kiosk.NewSpreadsheetCSV(buf)}, name+".csv"
		default:
			sink, name = &csvSink{c: kiosk.NewSpreadsheetCSV(buf), progress: true}, name+"-qua-trinh.csv"
		}
		started := false
		start := func() error {
			if started {
				return nil
			}
			started = true
			h := w.Header()
			h.Set("Content-Type", contentType)
			h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			return sink.begin()
		}
		err = s.Store.DossierHistories(r.Context(), q, func(h DossierHistory) error {
			if err := start(); err != nil {
				return err
			}
			p := portalDossierOf(h)
			return sink.put(&p)
		})
		if err == nil {
			err = start()
		}
		if err == nil {
			err = sink.end()
		}
		if err == nil {
			err = buf.Flush()
		}
		switch {
		case err == nil:
		case !started:
			s.internal(w, r, err)
		default:
			s.logger().Warn("dossier export cut short", "kind", kind, "err", err)
			panic(http.ErrAbortHandler)
		}
	}
}
