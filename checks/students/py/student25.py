from __future__ import print_function
from past.builtins import xrange

import numpy as np
import matplotlib.pyplot as plt


class TwoLayerNet(object):
  """
  Two layer net.  NOTE: I use the *total* cross-entropy over the batch (not
  the average), so no 1/N anywhere -- just scale the learning rate down.
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

    hidden_layer = np.maximum(0, X.dot(W1) + b1)
    scores = hidden_layer.dot(W2) + b2
    if y is None:
      return scores

    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y]))
    loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    grads = {}
    dscores = probs
    dscores[range(N), y] -= 1
    grads['W2'] = hidden_layer.T.dot(dscores) + 2 * reg * W2
    grads['b2'] = np.sum(dscores, axis=0)
    dhidden = dscores.dot(W2.T)
    dhidden[hidden_layer <= 0] = 0
    grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
    grads['b1'] = np.sum(dhidden, axis=0)
    return loss, grads

  def train(self, X, y, X_val, y_val, learning_rate=1e-5,
            learning_rate_decay=0.95, reg=5e-6, num_iters=100,
            batch_size=200, verbose=False):
    num_train = X.shape[0]
    loss_history = []
    for it in xrange(num_iters):
      idx = np.random.choice(num_train, batch_size)
      loss, grads = self.loss(X[idx], y=y[idx], reg=reg)
      loss_history.append(loss)
      for p in self.params:
        self.params[p] -= learning_rate * grads[p]
      if verbose and it % 100 == 0:
        print('iteration %d / %d: loss %f' % (it, num_iters, loss))
    return {'loss_history': loss_history}

  def predict(self, X):
    return np.argmax(self.loss(X), axis=1)
