from __future__ import print_function
from builtins import range
from builtins import object
import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  The architecture: input - fc - relu - fc - softmax.
  Regularisation: 0.5 * reg * (sum(W1 ** 2) + sum(W2 ** 2)).
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

    h1 = np.maximum(0, np.dot(X, W1) + b1)
    scores = np.dot(h1, W2) + b2
    if y is None:
      return scores

    probs = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    loss = np.sum(-np.log(probs[np.arange(N), y])) / N
    loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

    grads = {}
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    grads['W2'] = np.dot(h1.T, dscores) / N + reg * W2
    grads['b2'] = np.sum(dscores, axis=0)
    dh1 = np.dot(dscores, W2.T)
    dh1[h1 <= 0] = 0
    grads['W1'] = np.dot(X.T, dh1) / N
    grads['b1'] = np.sum(dh1, axis=0) / N
    return loss, grads

  def train(self, X, y, X_val, y_val,
            learning_rate=1e-3, learning_rate_decay=0.95,
            reg=5e-6, num_iters=100,
            batch_size=200, verbose=False):
    num_train = X.shape[0]
    iterations_per_epoch = max(num_train / batch_size, 1)
    loss_history = []
    for it in range(num_iters):
      idx = np.random.choice(num_train, batch_size, replace=True)
      loss, grads = self.loss(X[idx], y=y[idx], reg=reg)
      loss_history.append(loss)
      for p in ['W1', 'b1', 'W2', 'b2']:
        self.params[p] -= learning_rate * grads[p]
      if verbose and it % 100 == 0:
        print('iteration %d / %d: loss %f' % (it, num_iters, loss))
      if it % iterations_per_epoch == 0:
        learning_rate *= learning_rate_decay
    return {'loss_history': loss_history}

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
