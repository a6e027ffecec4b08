// Package mysteryshopper scores mystery-shopping visits against an audit
// checklist and summarises them by branch, period and shopper.
//
// A mystery shopper visits a branch posing as a customer and answers a
// [Checklist]: sections (premises, welcome, needs enquiry, …) of weighted
// items, each yes/no, a rating on a [rating.Scale], or a choice with points
// per option. Any item may be not applicable; an item may be critical (a
// knock-out that fails the visit or caps its score), a bonus (points earned,
// none possible), and a section may carry a trigger that flags a visit
// below it. [Report] and [Protocol] are built-in templates in Spanish and
// English; checklists load from and save to JSON ([ParseChecklist],
// [Checklist.WriteJSON]) and are validated on load.
//
// A [Scorer] turns one visit's [Answer] values into a [Score]: per section
// and overall, in points and in %, with N/A items removed and the section
// weight spread over the items that applied (the rule is on
// [Scorer.Score]), critical failures, triggers and pass or fail. Scoring
// reuses the Score it fills and does not allocate.
//
// An [Audit] accumulates scored visits: the mean score with a Student-t
// interval, the pass rate and each item's compliance with a Wilson
// interval, the weakest items and sections ([Result.WeakestItems]). Audits
// merge and encode, so package group keeps one per branch, shopper or
// calendar period. [Rank] ranks branches with ties and rank ranges,
// [ShopperEffects] shows lenient and harsh shoppers, and [Compare] answers
// "did it change?" between two periods or branches.
//
// Like every servq accumulator, an Audit takes one observation per Add,
// here a *[Score] (AddAll adds a slice, all or nothing), and has Merge, N,
// Result and both encodings of its state. The observation encodes too
// ([Score.MarshalBinary], [Score.AppendBinary], [Score.UnmarshalBinary]:
// versioned, strict, no reflection), so that scored visits travel between
// processes, such as the workers of a distributed engine, and a decoded
// Score carries its items' sections and flags, enough for a zero Audit to
// take its checklist. There is no AddN: a visit is scored once, and the
// same Score counted many times is not a visit.
//
// Assumptions: visits are independent (the intervals treat them so), the
// score of a visit is in 0..100 %, shares and rates are fractions 0..1,
// and differences of scores are in % points. The t intervals of mean
// scores need about 20 visits to hold their level; EVIDENCE.md beside
// this package has the simulation.
//
// Index:
//   - checklists: [Checklist], [Section], [Item], [Option], [Kind], [CriticalRule], [Report], [Protocol], [ParseChecklist]
//   - one visit: [Scorer], [NewScorer], [Answer], [Scorer.Parse], [Scorer.ParseAnswers], [Scorer.Score], [Score], [Score.MarshalBinary]
//   - many visits: [Audit], [NewAudit], [AuditFunc], [Result], [Summarize], [SummarizeSeq]
//   - questions: [Rank], [ShopperEffects], [Cell], [Compare], [Comparison]
package mysteryshopper
