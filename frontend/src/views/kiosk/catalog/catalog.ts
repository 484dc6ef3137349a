// The catalog screens' API calls and shared state.
import { writable } from "svelte/store";
import { api } from "../../../lib/api";
import type { Field, Procedure, SearchAnswer, Summary } from "./format";

export const catalogApi = {
  fields: () => api.get<{ fields: Field[] }>("/api/v1/catalog/fields").then((r) => r.fields),
  byField: (field: string) =>
    api.get<{ procedures: Summary[] }>("/api/v1/catalog/procedures?field=" + encodeURIComponent(field)).then((r) => r.procedures),
  search: (q: string, limit = 20) => api.get<SearchAnswer>(`/api/v1/catalog/procedures?q=${encodeURIComponent(q)}&limit=${limit}`),
  procedure: (code: string) => api.get<Procedure>("/api/v1/catalog/procedures/" + encodeURIComponent(code)),
  /** print queues the "what to bring" slip with the documents ticked on screen (indexes in documents; none: all). */
  print: (code: string, lang: string, documents: number[]) =>
    api.post<{ job: number }>(`/api/v1/catalog/procedures/${encodeURIComponent(code)}/print`, { lang, documents }),
};

/** What the villager typed in the search box. It survives going into a procedure and back,
 * and is cleared when the kiosk returns home (by a touch or the idle timeout). */
export const query = writable("");

if (typeof window !== "undefined") {
  window.addEventListener("hashchange", () => {
    const h = location.hash.replace(/^#/, "");
    if (h === "" || h === "/" || h === "/kiosk") query.set("");
  });
}
