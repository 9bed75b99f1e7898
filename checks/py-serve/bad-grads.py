"""loss returns a gradient of the wrong shape (db1 summed over the wrong
axis) after a first call that was right."""

from net import TwoLayerNet as Net


class TwoLayerNet(Net):
    calls = 0

    def loss(self, X, y=None, reg=0.0):
        loss, grads = Net.loss(self, X, y, reg)
        TwoLayerNet.calls += 1
        if TwoLayerNet.calls > 1:
            grads['b1'] = grads['W1'].sum(axis=1)
        return loss, grads
