package syntax

// Token is the kind of a lexical token.
type Token int

// The tokens of FlowZap Code.
const (
	EOF        Token = iota
	Newline          // end of a line
	IdentTok         // n1, checkout, circle, handle, label
	StringTok        // "text"
	LBrace           // {
	RBrace           // }
	LBrack           // [
	RBrack           // ]
	LParen           // (
	RParen           // )
	Colon            // :
	Assign           // =
	Dot              // .
	Comma            // ,
	Arrow            // ->
	LongArrow        // -->
	Hash             // #
	CommentTok       // // text
	Pipe             // |
	Illegal          // anything else
)

var tokenNames = [...]string{
	EOF:        "end of file",
	Newline:    "end of line",
	IdentTok:   "identifier",
	StringTok:  "string",
	LBrace:     `"{"`,
	RBrace:     `"}"`,
	LBrack:     `"["`,
	RBrack:     `"]"`,
	LParen:     `"("`,
	RParen:     `")"`,
	Colon:      `":"`,
	Assign:     `"="`,
	Dot:        `"."`,
	Comma:      `","`,
	Arrow:      `"->"`,
	LongArrow:  `"-->"`,
	Hash:       `"#"`,
	CommentTok: "comment",
	Pipe:       `"|"`,
	Illegal:    "illegal character",
}

// String describes the token the way error messages name it.
func (t Token) String() string {
	if int(t) < len(tokenNames) {
		return tokenNames[t]
	}
	return "token"
}
