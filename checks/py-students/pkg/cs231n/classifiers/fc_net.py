# CS231n assignment 2 style: layers in cs231n/layers.py, imported relatively.
from builtins import range
from builtins import object
import numpy as np

from ..layers import *


class TwoLayerNet(object):
    def __init__(self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10,
                 weight_scale=1e-3, reg=0.0):
        self.params = {}
        self.reg = reg
        self.params['W1'] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params['b1'] = np.zeros(hidden_dim)
        self.params['W2'] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params['b2'] = np.zeros(num_classes)

    def loss(self, X, y=None):
        h, cache1 = affine_forward(X, self.params['W1'], self.params['b1'])
        a, cache2 = relu_forward(h)
        scores, cache3 = affine_forward(a, self.params['W2'], self.params['b2'])
        if y is None:
            return scores
        grads = {}
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(self.params['W1'] ** 2) +
                                  np.sum(self.params['W2'] ** 2))
        da, grads['W2'], grads['b2'] = affine_backward(dscores, cache3)
        dh = relu_backward(da, cache2)
        dX, grads['W1'], grads['b1'] = affine_backward(dh, cache1)
        grads['W1'] += self.reg * self.params['W1']
        grads['W2'] += self.reg * self.params['W2']
        return loss, grads
