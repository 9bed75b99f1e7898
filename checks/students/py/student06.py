from __future__ import print_function
from past.builtins import xrange

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  def __init__(self, input_size, hidden_size, output_size, std=1e-4):
    self.params = {}
    self.params['W1'] = std * np.random.randn(input_size, hidden_size)
    self.params['b1'] = np.zeros(hidden_size)
    self.params['W2'] = std * np.random.randn(hidden_size, output_size)
    self.params['b2'] = np.zeros(output_size)

  def loss(self, X, y=None, reg=0.0):
    W1, b1 = self.params['W1'], self.params['b1']
    W2, b2 = self.params['W2'], self.params['b2']
    N, D = X.shape

    h = np.maximum(0, X.dot(W1) + b1)
    scores = h.dot(W2) + b2
    if y is None:
      return scores

    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    loss = -np.sum(np.log(p[np.arange(N), y])) / N
    loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dscores = p
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = h.T.dot(dscores) + reg * W2
    db2 = np.sum(dscores, axis=0)
    dh = dscores.dot(W2.T)
    dh[dh <= 0] = 0
    dW1 = X.T.dot(dh) + 2 * reg * W1
    db1 = np.sum(dh, axis=0)

    grads = {}
    grads['W1'] = dW1
    grads['b1'] = db1
    grads['W2'] = dW2
    grads['b2'] = db2
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
