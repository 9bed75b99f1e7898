"""A loss that does no work: the same (wrong) gradients at every call, so
that a call's time is the server's own."""

import numpy as np

from net import TwoLayerNet as Net


class TwoLayerNet(Net):
    def __init__(self, *args):
        Net.__init__(self, *args)
        self.grads = {k: np.full(v.shape, 2.385)
                      for k, v in self.params.items()}

    def loss(self, X, y=None, reg=0.0):
        return 2.385, self.grads
