from builtins import range
from builtins import object
import numpy as np


def affine_forward(x, w, b):
    out = x.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T)
    dw = x.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    return out, x


def relu_backward(dout, cache):
    x = cache
    dx = dout.copy()
    dx[x <= 0] = 0
    return dx


def softmax_loss(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


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

        fc1, cache1 = affine_forward(X, W1, b1)
        relu_out, cache_relu = relu_forward(fc1)
        scores, cache2 = affine_forward(relu_out, W2, b2)
        if y is None:
            return scores

        data_loss, dscores = softmax_loss(scores, y)
        loss = data_loss + 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        grads = {}
        drelu, grads['W2'], grads['b2'] = affine_backward(dscores, cache2)
        dfc1 = relu_backward(drelu, cache_relu)
        _, grads['W1'], grads['b1'] = affine_backward(dfc1, cache1)
        grads['W2'] += reg * W2
        grads['W1'] += reg * W1
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
