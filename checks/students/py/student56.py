from __future__ import print_function
from past.builtins import xrange

import numpy as np


class TwoLayerNet(object):
  """
  Two-layer net.  Loss = sum over the minibatch of the softmax losses
  + reg * (sum(W1**2) + sum(W2**2)).  Backward pass one example at a time.
  """

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

    z = np.dot(X, W1) + b1
    hid = np.maximum(0, z)
    scores = np.dot(hid, W2) + b2
    if y is None:
      return scores

    loss = 0.0
    grads = {}
    for name in self.params:
      grads[name] = np.zeros_like(self.params[name])

    for i in xrange(N):
      f = scores[i] - np.max(scores[i])
      p = np.exp(f) / np.sum(np.exp(f))
      loss -= np.log(p[y[i]])
      dscore = p
      dscore[y[i]] -= 1
      grads['W2'] += np.dot(hid[i].reshape(-1, 1), dscore.reshape(1, -1))
      grads['b2'] += dscore
      dh = np.dot(W2, dscore)
      dh[z[i] <= 0] = 0
      grads['W1'] += np.dot(X[i].reshape(-1, 1), dh.reshape(1, -1))
      grads['b1'] += dh

    loss += reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)
    grads['W1'] += 2 * reg * W1
    grads['W2'] += 2 * reg * W2
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
