from __future__ import print_function
from past.builtins import xrange

import numpy as np


class TwoLayerNet(object):
  """
  Two-layer net, written with explicit loops over the minibatch because
  that's how I understand backprop best.
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
    H = W1.shape[1]
    C = W2.shape[1]

    h1 = np.zeros((N, H))
    scores = np.zeros((N, C))
    for i in xrange(N):
      h1[i] = np.maximum(0, X[i].dot(W1) + b1)
      scores[i] = h1[i].dot(W2) + b2

    if y is None:
      return scores

    loss = 0.0
    dW1 = np.zeros_like(W1)
    db1 = np.zeros_like(b1)
    dW2 = np.zeros_like(W2)
    db2 = np.zeros_like(b2)
    for i in xrange(N):
      s = scores[i] - np.max(scores[i])
      p = np.exp(s) / np.sum(np.exp(s))
      loss += -np.log(p[y[i]])
      # gradient for this example
      ds = p.copy()
      ds[y[i]] -= 1
      dW2 += np.outer(h1[i], ds)
      db2 += ds
      dh = W2.dot(ds)
      dh[h1[i] <= 0] = 0
      dW1 += np.outer(X[i], dh)
      db1 += dh

    loss /= N
    loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    dW1 /= N
    db1 /= N
    dW2 /= N
    db2 /= N
    dW1 += reg * W1
    dW2 += reg * W2

    grads = dict(W1=dW1, b1=db1, W2=dW2, b2=db2)
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
