from __future__ import print_function
from builtins import range
from builtins import object

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  Loop version (I vectorise later when it works).
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
    C = b2.shape[0]

    scores = np.zeros((N, C))
    cache = []
    for i in range(N):
      z = X[i].dot(W1) + b1
      a = np.maximum(0, z)
      scores[i] = a.dot(W2) + b2
      cache.append((z, a))
    if y is None:
      return scores

    loss = 0.0
    grads = {'W1': np.zeros_like(W1), 'b1': np.zeros_like(b1),
             'W2': np.zeros_like(W2), 'b2': np.zeros_like(b2)}
    for i in range(N):
      z, a = cache[i]
      f = scores[i] - np.max(scores[i])
      sum_exp = np.sum(np.exp(f))
      loss += np.log(sum_exp) - f[y[i]]
      df = np.exp(f) / sum_exp
      df[y[i]] -= 1
      grads['W2'] += a[:, np.newaxis] * df[np.newaxis, :]
      grads['b2'] += df
      da = W2.dot(df)
      dz = da.copy()
      dz[z <= 0] = 0
      grads['W1'] += X[i][:, np.newaxis] * dz[np.newaxis, :]
      grads['b1'] += dz

    loss = loss / N + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
    for k in grads:
      grads[k] /= N
    grads['W1'] += 2 * reg * W1
    grads['W2'] += 2 * reg * W2
    return loss, grads

  def predict(self, X):
    scores = self.loss(X)
    return np.argmax(scores, axis=1)
