// TwoLayerNet.backward in C
// Jonas P.  -- my Matrix class from the Java course, ported

#include <stdlib.h>
#include "backprop/grads.h"

typedef struct Matrix {
    int rows, cols;
    double **data;
} Matrix;

Matrix *Matrix_new(int rows, int cols)
{
    Matrix *self = malloc(sizeof(Matrix));
    self->rows = rows;
    self->cols = cols;
    self->data = malloc(rows * sizeof(double *));
    for (int i = 0; i < rows; i++)
        self->data[i] = calloc(cols, sizeof(double));
    return self;
}

void Matrix_delete(Matrix *self)
{
    for (int i = 0; i < self->rows; i++)
        free(self->data[i]);
    free(self->data);
    free(self);
}

Matrix *Matrix_fromGsl(const gsl_matrix *m)
{
    Matrix *self = Matrix_new(m->size1, m->size2);
    for (int i = 0; i < self->rows; i++)
        for (int j = 0; j < self->cols; j++)
            self->data[i][j] = gsl_matrix_get(m, i, j);
    return self;
}

void Matrix_toGsl(const Matrix *self, gsl_matrix *m)
{
    for (int i = 0; i < self->rows; i++)
        for (int j = 0; j < self->cols; j++)
            gsl_matrix_set(m, i, j, self->data[i][j]);
}

Matrix *Matrix_transpose(const Matrix *self)
{
    Matrix *t = Matrix_new(self->cols, self->rows);
    for (int i = 0; i < self->rows; i++)
        for (int j = 0; j < self->cols; j++)
            t->data[j][i] = self->data[i][j];
    return t;
}

Matrix *Matrix_multiply(const Matrix *a, const Matrix *b)
{
    Matrix *c = Matrix_new(a->rows, b->cols);
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < b->cols; j++)
            for (int k = 0; k < a->cols; k++)
                c->data[i][j] += a->data[i][k] * b->data[k][j];
    return c;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int numSamples = X->size1;
    Matrix *input = Matrix_fromGsl(X);
    Matrix *hidden = Matrix_fromGsl(cache->p1);
    Matrix *hiddenIn = Matrix_fromGsl(cache->z1);
    Matrix *weights2 = Matrix_fromGsl(net->W2);

    Matrix *gradScores = Matrix_fromGsl(cache->prob);
    for (int i = 0; i < numSamples; i++) {
        gradScores->data[i][y[i]] -= 1.0;
        for (int j = 0; j < gradScores->cols; j++)
            gradScores->data[i][j] /= numSamples;
    }
    Matrix_toGsl(gradScores, g->dz2);

    Matrix *hiddenT = Matrix_transpose(hidden);
    Matrix *gradW2 = Matrix_multiply(hiddenT, gradScores);
    Matrix_toGsl(gradW2, g->dW2);
    for (size_t i = 0; i < g->dW2->size1; i++)
        for (size_t j = 0; j < g->dW2->size2; j++)
            g->dW2->data[i * g->dW2->tda + j] += 2 * reg * gsl_matrix_get(net->W2, i, j);

    for (int j = 0; j < gradScores->cols; j++) {
        double sum = 0;
        for (int i = 0; i < numSamples; i++) sum += gradScores->data[i][j];
        gsl_vector_set(g->db2, j, sum);
    }

    Matrix *weights2T = Matrix_transpose(weights2);
    Matrix *gradHidden = Matrix_multiply(gradScores, weights2T);
    Matrix_toGsl(gradHidden, g->dp1);

    // ReLU backward (in place, I already saved dp1)
    for (int i = 0; i < gradHidden->rows; i++)
        for (int j = 0; j < gradHidden->cols; j++)
            if (hiddenIn->data[i][j] <= 0) gradHidden->data[i][j] = 0;
    Matrix_toGsl(gradHidden, g->dz1);

    Matrix *inputT = Matrix_transpose(input);
    Matrix *gradW1 = Matrix_multiply(inputT, gradHidden);
    for (int i = 0; i < gradW1->rows; i++)
        for (int j = 0; j < gradW1->cols; j++)
            gradW1->data[i][j] += 2 * reg * gsl_matrix_get(net->W1, i, j);
    Matrix_toGsl(gradW1, g->dW1);

    // db1 = average of the hidden gradient over the batch
    for (int j = 0; j < gradHidden->cols; j++) {
        double sum = 0;
        for (int i = 0; i < numSamples; i++) sum += gradHidden->data[i][j];
        gsl_vector_set(g->db1, j, sum / numSamples);
    }

    Matrix_delete(input); Matrix_delete(hidden); Matrix_delete(hiddenIn);
    Matrix_delete(weights2); Matrix_delete(gradScores); Matrix_delete(hiddenT);
    Matrix_delete(gradW2); Matrix_delete(weights2T); Matrix_delete(gradHidden);
    Matrix_delete(inputT); Matrix_delete(gradW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
