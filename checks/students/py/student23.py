from __future__ import print_function
import numpy as np
import matplotlib.pyplot as plt


def affine_relu(x, w, b):
    out = np.maximum(0, x.dot(w) + b)
    return out


class TwoLayerNet(object):
    """Stack of affine-relu layers followed by softmax; 0.5*reg*sum(W^2)."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        layers = [X]
        for W, b in [(W1, b1), (W2, b2)]:
            layers.append(affine_relu(layers[-1], W, b))
        hidden, scores = layers[1], layers[2]
        if y is None:
            return scores

        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(N), y]))
        loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dW2 = hidden.T.dot(dscores) + reg * W2
        db2 = dscores.sum(axis=0)
        dhidden = dscores.dot(W2.T)
        dhidden[hidden <= 0] = 0
        dW1 = X.T.dot(dhidden) + reg * W1
        db1 = dhidden.sum(axis=0)

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
