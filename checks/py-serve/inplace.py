"""A correct net whose loss then scribbles over everything it was given:
X, y and its parameters, in place.  The next call must not see it."""

from net import TwoLayerNet as Net


class TwoLayerNet(Net):
    def loss(self, X, y=None, reg=0.0):
        out = Net.loss(self, X, y, reg)
        X[...] = 1e3
        if y is not None:
            y[...] = 0
        for p in self.params.values():
            p[...] = -7.0
        return out
