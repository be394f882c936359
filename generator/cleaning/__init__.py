"""Helpers of the clean stage (`generator.stages.clean`): folding, rules, detectors.

Split out of the stage so each file holds one job: `fold` makes text comparable across
scripts and widths, `rules` loads the editors' data files, `lines` judges whole blocks,
`injected` finds spam phrases inside sentences.
"""
