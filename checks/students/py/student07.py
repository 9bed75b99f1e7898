import numpy as np


class TwoLayerNet(object):
    """loss = sum_i CE_i + reg * (||W1||^2 + ||W2||^2)"""

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

        layer1 = X @ W1 + b1
        layer1_relu = np.maximum(layer1, 0)
        scores = layer1_relu @ W2 + b2
        if y is None:
            return scores

        scores_shifted = scores - scores.max(axis=1, keepdims=True)
        exp_s = np.exp(scores_shifted)
        probs = exp_s / exp_s.sum(axis=1, keepdims=True)
        loss = np.sum(-np.log(probs[np.arange(N), y]))
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores = dscores / N
        grads = {}
        grads['W2'] = layer1_relu.T @ dscores + 2 * reg * W2
        grads['b2'] = dscores.sum(axis=0)
        dlayer1 = dscores @ W2.T
        dlayer1[layer1 <= 0] = 0
        grads['W1'] = X.T @ dlayer1 + 2 * reg * W1
        grads['b1'] = dlayer1.sum(axis=0)
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
