package server

import _ "embed"

// OpenAPI is the OpenAPI 3.1 description of the HTTP API, served at
// /openapi.json and summarised in docs/api.md.
//
//go:embed openapi.json
var OpenAPI string
