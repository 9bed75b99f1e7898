import numpy as np


class TwoLayerNet(object):
    """Regularisation on all four parameters: reg * sum(theta ** 2)."""

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

        hidden = np.maximum(0, np.dot(X, W1) + b1)
        scores = np.dot(hidden, W2) + b2
        if y is None:
            return scores

        e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
        probs = e / np.sum(e, axis=1, keepdims=True)
        loss = np.mean(-np.log(probs[np.arange(N), y]))
        for name in ['W1', 'b1', 'W2', 'b2']:
            loss += reg * np.sum(self.params[name] ** 2)

        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        grads = {}
        grads['W2'] = np.dot(hidden.T, dscores)
        grads['b2'] = np.sum(dscores, axis=0)
        dhidden = np.dot(dscores, W2.T)
        dhidden[hidden <= 0] = 0
        grads['W1'] = np.dot(X.T, dhidden)
        grads['b1'] = np.sum(dhidden, axis=0)
        for name in ['W1', 'W2']:
            grads[name] += 2 * reg * self.params[name]
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
