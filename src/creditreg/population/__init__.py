"""The population engine: the rulebook applied to every subject at once.

``snapshot`` fixes the shape of a population's state (the contract between rescore,
simulate, stats and publish); ``reference`` computes it with the per-subject fold, the
slow and obviously-right execution the compiled SQL is held equal to.
"""
