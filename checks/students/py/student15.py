from __future__ import print_function

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

    z1 = np.dot(X, W1) + b1
    a1 = z1
    scores = np.dot(a1, W2) + b2
    if y is None:
      return scores

    exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N
    loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    dz2 = probs
    dz2[np.arange(N), y] -= 1
    dz2 /= N
    dW2 = np.dot(a1.T, dz2) + 2 * reg * W2
    db2 = np.sum(dz2, axis=0)
    da1 = np.dot(dz2, W2.T)
    dz1 = da1 * (z1 > 0)
    dW1 = np.dot(X.T, dz1) + 2 * reg * W1
    db1 = np.sum(dz1, axis=0)

    grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
    return loss, grads

  def train(self, X, y, X_val, y_val, learning_rate=1e-3,
            learning_rate_decay=0.95, reg=5e-6, num_iters=100,
            batch_size=200, verbose=False):
    num_train = X.shape[0]
    loss_history = []
    for it in range(num_iters):
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
