// backward pass -- Tomasz W.
// Half GSL half my own arrays: the matrix products go through
// gsl_blas_dgemm (wrapping my arrays in views), the elementwise stuff
// is easier on double** .

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

typedef struct {
    int rows, cols;
    double *buf;      // contiguous, so gsl can view it
    double **data;    // data[i] = buf + i*cols
} Matrix;

Matrix *mat_new(int rows, int cols) {
    Matrix *m = malloc(sizeof *m);
    m->rows = rows; m->cols = cols;
    m->buf = calloc((size_t) rows * cols, sizeof(double));
    m->data = malloc(rows * sizeof(double *));
    for (int i = 0; i < rows; i++) m->data[i] = m->buf + (size_t) i * cols;
    return m;
}

void mat_free(Matrix *m) {
    if (!m) return;
    free(m->data); free(m->buf); free(m);
}

gsl_matrix_view mat_view(Matrix *m) {
    return gsl_matrix_view_array(m->buf, m->rows, m->cols);
}

Matrix *mat_from_gsl(const gsl_matrix *src) {
    Matrix *m = mat_new((int) src->size1, (int) src->size2);
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            m->data[i][j] = AT(src, i, j);
    return m;
}

void mat_to_gsl(const Matrix *m, gsl_matrix *dst) {
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++)
            AT(dst, i, j) = m->data[i][j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, H = (int) net->H, C = (int) net->C;

    // ---- output layer ----
    Matrix *dScores = mat_from_gsl(cache->prob);
    for (int i = 0; i < N; i++) dScores->data[i][y[i]] -= 1.0;
    for (int i = 0; i < N; i++)
        for (int c = 0; c < C; c++) dScores->data[i][c] /= (double) N;
    gsl_matrix_view dS = mat_view(dScores);

    // dW2 = p1^T dScores + 2 reg W2   (beta trick: start from W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &dS.matrix,
                   2.0 * reg, g->dW2);

    for (int c = 0; c < C; c++) {
        double sum = 0;
        for (int i = 0; i < N; i++) sum += dScores->data[i][c];
        gsl_vector_set(g->db2, c, sum);
    }

    // ---- hidden layer ----
    Matrix *dHidden = mat_new(N, H);
    gsl_matrix_view dHv = mat_view(dHidden);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dS.matrix, net->W2,
                   0.0, &dHv.matrix);
    mat_to_gsl(dHidden, g->dp1);           // save before I mask it

    for (int i = 0; i < N; i++)
        for (int h = 0; h < H; h++)
            if (AT(cache->z1, i, h) <= 0.0) dHidden->data[i][h] = 0.0;
    mat_to_gsl(dHidden, g->dz1);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &dHv.matrix,
                   2.0 * reg, g->dW1);

    for (int h = 0; h < H; h++) {
        double sum = 0;
        for (int i = 0; i < N; i++) sum += dHidden->data[i][h];
        gsl_vector_set(g->db1, h, sum);
    }

    mat_to_gsl(dScores, g->dz2);
    mat_free(dScores);
    mat_free(dHidden);
    g->present = BP_GRADS_ALL;
    return 0;
}
