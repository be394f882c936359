"""Helpers of the clean stage (`generator.conversion.stages.clean`): rules and detectors.

Split out of the stage so each file holds one job (text is compared folded: generator/conversion/fold.py):
`rules` loads the editors' data files, `lines` judges whole blocks,
`sections` judges what a header announces (a reading list, an emptied section, a comment
thread, a split link card), `injected` finds spam phrases inside sentences, `links` cuts
affiliate and SEO links.
"""
