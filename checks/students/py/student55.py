import numpy as np


class TwoLayerNet(object):
    """affine - relu - affine - softmax, loss uses 0.5*reg*||W||^2."""

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

        z = X @ W1 + b1
        h = np.maximum(z, 0)
        scores = h @ W2 + b2
        if y is None:
            return scores

        s = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(s) / np.sum(np.exp(s), axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(N), y]))
        loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dW2 = h.T @ dscores + reg * W2
        db2 = dscores.sum(axis=0)
        dh = dscores @ W2.T
        dh = np.maximum(dh, 0)       # backprop through the relu
        dW1 = X.T @ dh + reg * W1
        db1 = dh.sum(axis=0)

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3,
              learning_rate_decay=0.95, reg=5e-6, num_iters=100,
              batch_size=200, verbose=False):
        num_train = X.shape[0]
        loss_history = []
        for it in range(num_iters):
            batch = np.random.choice(num_train, batch_size)
            loss, grads = self.loss(X[batch], y=y[batch], reg=reg)
            loss_history.append(loss)
            for k, v in grads.items():
                self.params[k] -= learning_rate * v
            if verbose and it % 100 == 0:
                print('iteration %d / %d: loss %f' % (it, num_iters, loss))
        return {'loss_history': loss_history}

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
