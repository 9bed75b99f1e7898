import numpy as np


class TwoLayerNetwork:
    """Two layer network (hidden layer + softmax output)."""

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

        hidden = X @ W1 + b1
        scores = hidden @ W2 + b2
        if y is None:
            return scores

        m = scores.max(axis=1, keepdims=True)
        probs = np.exp(scores - m)
        probs = probs / probs.sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).mean()
        loss = loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1.0
        dscores = dscores / N
        dW2 = hidden.T @ dscores + reg * W2
        db2 = dscores.sum(axis=0)
        dhidden = dscores @ W2.T
        dW1 = X.T @ dhidden + reg * W1
        db1 = dhidden.sum(axis=0)

        return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
