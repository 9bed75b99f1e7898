"""loss crashes the interpreter: a read at address 8, in the page that
is never mapped (ctypes takes an address of 0 for no pointer at all)."""

import ctypes

from net import TwoLayerNet as Net


class TwoLayerNet(Net):
    def loss(self, X, y=None, reg=0.0):
        return ctypes.string_at(8, 8)
