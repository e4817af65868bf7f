// Types of @flowzap/diagram (flowzap-diagram.js).

/** The four views. */
export type View = "workflow" | "sequence" | "architecture" | "mindmap";

/** A diagnostic, as the flowzap HTTP API reports it. */
export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The column in UTF-16 code units (what JavaScript strings count). */
  column16: number;
  endColumn16: number;
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  fix?: string;
  notes?: { line: number; column: number; column16: number; message: string }[];
}

export interface Stats {
  laneCount: number;
  nodeCount: number;
  edgeCount: number;
  crossLaneEdges: number;
  loopCount: number;
}

export interface RenderOptions {
  view?: View;
  /** "auto" follows prefers-color-scheme. */
  theme?: "light" | "dark" | "auto";
  /** Sequence view: number the messages. */
  number?: boolean;
  /** Sequence view: "flow" (the default) or "written". */
  order?: "flow" | "written";
  /** "svg" (the default) or "json" (the layout). */
  format?: "svg" | "json";
  /** Calls with the same channel cancel the older ones still waiting. */
  channel?: string;
}

export interface RenderResult {
  /** The HTTP status the flowzap server would answer (200, 400, 413, 422, or 500/503 when the renderer failed). */
  status: number;
  svg?: string;
  layout?: string;
  diagnostics?: { errors: Diagnostic[]; warnings: Diagnostic[]; infos: Diagnostic[] };
  stats?: Stats;
  valid?: boolean;
  error?: string;
  errors?: Diagnostic[];
  cancelled?: boolean;
}

/** The formats a diagram is imported from. */
export type ImportFormat = "mermaid" | "bpmn" | "drawio";

export interface ImportOptions {
  /** The source's format; empty or absent: told from name and its first lines. */
  from?: ImportFormat | "";
  /** The file's name (its extension tells the format when from is empty). */
  name?: string;
  /** The language of the diagnostics' messages: "en" (default), "fr" or "zh". */
  lang?: "en" | "fr" | "zh";
  /** Calls with the same channel cancel the older ones still waiting. */
  channel?: string;
}

export interface ImportResult {
  /** 200, 422 (the source cannot be read: the diagnostics say where), 400 (a format it cannot tell), 413 (over the limits), or 500/503 when the module failed. */
  status: number;
  ok?: boolean;
  /** The FlowZap code made from the source. */
  code?: string;
  /** About the source, positioned in it. */
  diagnostics?: Diagnostic[];
  error?: string;
  cancelled?: boolean;
}

export interface ConfigureOptions {
  /** The directory holding worker.mjs, wasm_exec.js and flowzap.wasm (default: next to flowzap-diagram.js). */
  baseURL?: string | URL;
  /** The WebAssembly module (default: flowzap.wasm in baseURL). */
  moduleURL?: string | URL;
  /** The import module, fetched only when a Mermaid, BPMN or draw.io diagram is shown (default: flowzap-import.wasm in baseURL). */
  importModuleURL?: string | URL;
  workerURL?: string | URL;
  execURL?: string | URL;
  /** The most a src URL may return, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** false: do not load the package's Inter font files (the page has Inter, or plain fonts will do). */
  fonts?: boolean;
}

export const VIEWS: readonly View[];
export const IMPORT_FORMATS: readonly ImportFormat[];
export function importDiagram(source: string, options?: ImportOptions): Promise<ImportResult>;
export function configure(options: ConfigureOptions): void;
export function ready(): Promise<void>;
export function render(code: string, options?: RenderOptions): Promise<RenderResult>;
export function dedent(text: string): string;
export function upgrade(root?: ParentNode, attributes?: Record<string, string | boolean>): FlowzapDiagram[];

export interface RenderEventDetail {
  svg: string;
  diagnostics: RenderResult["diagnostics"] | null;
  stats: Stats | null;
}

export interface ErrorEventDetail {
  message: string;
  errors: Diagnostic[];
  /** The renderer's status (400, 413, 422, 500, 503), or 0 when a src URL could not be loaded. */
  status: number;
}

export class FlowzapDiagram extends HTMLElement {
  static configure: typeof configure;
  static ready: typeof ready;
  static render: typeof render;
  static upgrade: typeof upgrade;
  static importDiagram: typeof importDiagram;
  /** The code to draw (overrides the code attribute and the inline code). */
  code: string;
  /** "idle", "loading", "rendered", "error", or "empty" (no code given). */
  readonly state: "idle" | "loading" | "rendered" | "error" | "empty";
  /** The SVG last drawn, exactly as the renderer made it. */
  readonly svg: string;
  /** The code last drawn (the src text when src is used; the FlowZap code made from it when it was imported, or the text given when it could not be). */
  readonly source: string;
  /** The diagram converted (from: its format, "" when told from its name or text), or null when the text was FlowZap code. */
  readonly imported: { from: ImportFormat | ""; text: string } | null;
  readonly diagnostics: RenderResult["diagnostics"] | null;
  readonly stats: Stats | null;
  readonly error: ErrorEventDetail | null;
}

declare global {
  interface HTMLElementTagNameMap {
    "flowzap-diagram": FlowzapDiagram;
  }
  interface HTMLElementEventMap {
    "flowzap-render": CustomEvent<RenderEventDetail>;
    "flowzap-error": CustomEvent<ErrorEventDetail>;
  }
}
