from __future__ import print_function
from builtins import range, object
import numpy as np


class TwoLayerNet(object):
  """
  Softmax two layer net.  Regularisation: 0.5 * reg * (sum of squares of
  W1, b1, W2, b2).
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

    z1 = X.dot(W1) + b1
    h = np.maximum(z1, 0)
    scores = h.dot(W2) + b2
    if y is None:
      return scores

    exp_s = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp_s / exp_s.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N
    loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(b1 * b1))
    loss += 0.5 * reg * (np.sum(W2 * W2) + np.sum(b2 * b2))

    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW2 = h.T.dot(dscores) + reg * W2
    db2 = dscores.sum(axis=0) + reg * b2
    dh = dscores.dot(W2.T)
    dh[z1 <= 0] = 0
    dW1 = X.T.dot(dh) + reg * W1
    db1 = dh.sum(axis=0)

    grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
    return loss, grads

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
