package layouttest

// JournalReview is a journal's review of a manuscript, written without
// handles: author, editor, reviewers and production, a desk check, a
// verdict with three outcomes, a revision that goes back to the desk
// check and the reviewers' "second round" back to "Read and annotate".
// Its "no, desk reject" runs to "Published" just under "revised version",
// which runs back to "Desk check" (a label there could touch the other
// route), and its "second round" goes back up inside the editor's "yes"
// in the sequence view.
const JournalReview = `author { # Author
  n1: circle label:"Draft ready"
  n2: rectangle label:"Submit manuscript"
  n3: rectangle label:"Revise"
  n4: circle label:"Published"
  n1 -> n2
  n2 -> editor.n5 [label="manuscript with cover letter and suggested reviewers"]
  n3 -> editor.n5 [label="revised version"]
}
editor { # Editor
  n5: rectangle label:"Desk check"
  n6: diamond label:"In scope?"
  n7: rectangle label:"Invite reviewers"
  n8: diamond label:"Verdict"
  n5 -> n6
  n6 -> n7 [label="yes"]
  n6 -> author.n4 [label="no, desk reject"]
  n7 -> reviewers.n9 [label="invitation"]
  n8 -> author.n3 [label="major or minor revision"]
  n8 -> production.n11 [label="accept"]
  n8 -> author.n4 [label="reject with reports"]
}
reviewers { # Reviewers
  n9: rectangle label:"Read and annotate"
  n10: rectangle label:"Write report"
  n9 -> n10
  n10 -> editor.n8 [label="report"]
  n10 -> n9 [label="second round"]
}
production { # Production
  n11: rectangle label:"Copy-edit and typeset"
  n12: rectangle label:"Proofs to author"
  n11 -> n12
  n12 -> author.n4 [label="online first"]
}`
