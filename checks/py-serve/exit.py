"""loss ends the process itself, as a debugging student's os._exit does."""

import os

from net import TwoLayerNet as Net


class TwoLayerNet(Net):
    def loss(self, X, y=None, reg=0.0):
        os._exit(3)
