import numpy as np


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
        N = len(X)

        # forward
        z1 = X @ W1 + b1
        relu = z1
        relu[relu < 0] = 0          # in place, z1 is now the relu output too
        scores = relu @ W2 + b2
        if y is None:
            return scores

        shift = scores - np.max(scores, axis=1, keepdims=True)
        log_probs = shift - np.log(np.sum(np.exp(shift), axis=1, keepdims=True))
        loss = -np.mean(log_probs[np.arange(N), y])
        penalty = 0.0
        for k in ('W1', 'b1', 'W2', 'b2'):
            penalty += np.sum(self.params[k] ** 2)
        loss += 0.5 * reg * penalty

        # backward
        d = np.exp(log_probs)
        d[np.arange(N), y] -= 1
        d /= N
        grads = {}
        grads['W2'] = relu.T @ d
        grads['b2'] = d.sum(axis=0)
        d = d @ W2.T
        d[z1 <= 0] = 0
        grads['W1'] = X.T @ d
        grads['b1'] = d.sum(axis=0)
        for k in grads:
            grads[k] += reg * self.params[k]
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
