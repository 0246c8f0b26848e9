"""The verdict rubric: what each verdict means, the rules by which a claim's
own wording sets its test, and the grades of the sources a verdict rests on.

This module is the one place the rubric is written. The data-and-methods
appendix prints it, :func:`kzbook.ledger.record` refuses a verdict that breaks
it (:func:`check`), and every ledger record names the rules it applied and the
grade of its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

# The five verdicts, strongest confirmation first.
VERDICTS = ("supported", "partly supported", "not supported", "contradicted",
            "not testable with public data")

MEANING = {
    "supported": "Every part of the claim, read as worded, holds on the measure the claim states "
                 "(or on every standard measure, when it states none), on primary or official figures.",
    "partly supported": "Some parts hold and others do not or cannot be tested; or the claim holds on "
                        "one measure but not on another; or it holds only with a qualification the "
                        "verdict states (\u201cas co-movement\u201d, \u201cas an initiative\u201d, "
                        "\u201cas a plan\u201d).",
    "not supported": "The evidence does not bear the claim out, without showing the opposite: a "
                     "general rule that fails in cases within its scope, or a claim resting on "
                     "figures that weak sources alone report.",
    "contradicted": "The evidence shows the opposite of the claim on the measure it states, or on "
                    "every standard measure.",
    "not testable with public data": "A framing or normative statement, or a claim no public "
                                     "statistic measures; the record says what can be measured.",
}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    text: str


RULES = {r.id: r for r in [
    Rule("R1", "Approximate quantities",
         "\u201cAbout X\u201d is tested against the latest published value, with the tolerance "
         "stated in the text before the value is read."),
    Rule("R2", "Largest, on which measure",
         "\u201cLargest\u201d or a rank is tested on the measure the claim names. When it names none, "
         "each standard measure is tested; if they agree, the verdict follows them; if they "
         "disagree, the verdict is at most \u201cpartly supported\u201d and every measure is shown. A measure "
         "on which a larger holder reports no figure cannot show who is largest: it is shown but not "
         "counted."),
    Rule("R3", "Thresholds for vague words",
         "Words such as \u201csignificant\u201d get an explicit test, written down with the "
         "computation (for Kazatomprom: more than the whole output of every other country)."),
    Rule("R4", "Causal wording against co-movement",
         "A causal claim (\u201cgave\u201d, \u201cthrough\u201d, \u201cthanks to\u201d, "
         "\u201ccreated\u201d, \u201craises\u201d) is supported only by evidence that isolates the "
         "cause. Series that move together show co-movement, so the verdict is at most "
         "\u201cpartly supported\u201d, qualified \u201cas co-movement\u201d."),
    Rule("R5", "\u201cNeeded for\u201d against \u201cmost of\u201d",
         "A claim that a material is needed for a use is tested on whether authoritative sources "
         "document that use, for each use named. It is not tested on the share of consumption "
         "the use takes; that would be the test of \u201cmost of\u201d."),
    Rule("R6", "Scope and sets",
         "A claim is tested within its own scope: a claim about US allies is not refuted by a "
         "country that is not one (such a case is reported as context). A claim over a set "
         "(\u201call these cases\u201d, \u201cin every year\u201d) is checked for each member; one "
         "member that fails makes the universal claim \u201cnot supported\u201d, or \u201cpartly "
         "supported\u201d where it holds for the others and the claim's wording allows exceptions "
         "(\u201calmost always\u201d)."),
    Rule("R7", "Claims with several parts",
         "A claim that joins several statements is supported only if each part is; if a part "
         "fails or cannot be tested, the verdict is at most \u201cpartly supported\u201d, and the "
         "record says which part."),
    Rule("R8", "Present status",
         "A claim about what is happening now (\u201cis investing\u201d, \u201chas an "
         "initiative\u201d) is tested against the latest dated statement. A superseded figure "
         "makes it at most \u201cpartly supported\u201d. An initiative exists when a signed document "
         "names the parties; a site the claim names is tested on the latest official statement naming one. "
         "It is then supported \u201cas an initiative\u201d, not as an investment."),
    Rule("R9", "Missing data and weak sources",
         "A verdict is no stronger than its evidence. Where the decisive figures could not be "
         "read, the claim is \u201cnot testable with public data\u201d, or the verdict says which part "
         "is untested; a missing figure is treated as unknown, never as zero or as a low rank. The "
         "evidence grade is the weakest grade among the sources of the rows the decisive numbers come "
         "from. Where they rest only on press reports (grade C) or on third-party copies "
         "(grade D), a verdict of \u201csupported\u201d is lowered to \u201cpartly supported\u201d and "
         "\u201ccontradicted\u201d to \u201cnot supported\u201d, unless an independent source of another "
         "publisher corroborates them."),
    Rule("R10", "Framing and aims",
         "A framing statement or a normative aim is \u201cnot testable with public data\u201d; its "
         "record reports what can be measured of it."),
]}

# Grades of sources, best first. Every source in data/datapackage.json carries one.
GRADES = {
    "A": "primary publisher",
    "B": "official figure quoted by the press",
    "C": "press",
    "D": "third-party copy",
}

# The strongest verdicts, which weak evidence cannot carry on its own (R9).
_LOWERED = {"supported": "partly supported", "contradicted": "not supported"}


class RubricError(ValueError):
    pass


def after_r9(verdict: str, grade: str, corroborated: bool) -> str:
    """The verdict after rule R9: evidence of grade C or D, with no independent
    corroboration, cannot carry "supported" or "contradicted"."""
    if grade in ("C", "D") and not corroborated:
        return _LOWERED.get(verdict, verdict)
    return verdict


def weakest(grades: list[str]) -> str:
    """The weakest of several grades (D is weaker than A)."""
    unknown = [g for g in grades if g not in GRADES]
    if unknown or not grades:
        raise RubricError(f"not source grades: {grades!r} (expected some of {', '.join(GRADES)})")
    return max(grades)


def check(claim: str, verdict: str, rules: list[str], grade: str, corroborated: bool,
          qualifier: str | None = None) -> None:
    """Refuse a verdict that breaks the rubric (the checks a program can make)."""
    if verdict not in VERDICTS:
        raise RubricError(f"{claim}: verdict {verdict!r} is not one of {VERDICTS}")
    unknown = [r for r in rules if r not in RULES]
    if not rules or unknown:
        raise RubricError(f"{claim}: name the rubric rules applied, from {', '.join(RULES)}; got {rules!r}")
    if "R4" in rules and verdict == "supported":
        raise RubricError(f"{claim}: a causal claim shown only as co-movement cannot be 'supported' (R4)")
    if "R4" in rules and verdict == "partly supported" and qualifier != "as co-movement":
        raise RubricError(f"{claim}: R4 caps a causal claim at 'partly supported, as co-movement'; name the "
                          "qualifier, or the rule that lowers the verdict instead")
    if "R7" in rules and verdict == "supported":
        raise RubricError(f"{claim}: R7 is named because a part fails or is untested, so the verdict "
                          "cannot be 'supported'")
    if "R10" in rules and verdict != "not testable with public data":
        raise RubricError(f"{claim}: a framing or normative statement is not testable (R10)")
    if grade in ("C", "D") and verdict in _LOWERED and not corroborated:
        raise RubricError(f"{claim}: evidence of grade {grade} ({GRADES[grade]}) cannot carry "
                          f"'{verdict}' alone; R9 lowers it to '{_LOWERED[verdict]}'")
