/* backward.c
 * Lena B. -- "methods" on a Matrix struct, python naming.
 */
#include <stdio.h>
#include <stdlib.h>
#include "backprop/grads.h"

struct Matrix {
    int rows, cols;
    double **data;
};

struct Matrix matrix_zeros(int rows, int cols)
{
    struct Matrix m = { rows, cols, NULL };
    m.data = calloc(rows, sizeof(double *));
    for (int i = 0; i < rows; i++)
        m.data[i] = calloc(cols, sizeof(double));
    return m;
}

void matrix_free(struct Matrix *m)
{
    for (int i = 0; i < m->rows; i++)
        free(m->data[i]);
    free(m->data);
    m->data = NULL;
}

struct Matrix matrix_from_gsl(const gsl_matrix *src)
{
    struct Matrix m = matrix_zeros(src->size1, src->size2);
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++)
            m.data[i][j] = gsl_matrix_get(src, i, j);
    return m;
}

void matrix_to_gsl(struct Matrix m, gsl_matrix *dst)
{
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++)
            gsl_matrix_set(dst, i, j, m.data[i][j]);
}

/* a.T @ b  (a is n x p, b is n x q -> p x q) */
struct Matrix matrix_tdot(struct Matrix a, struct Matrix b)
{
    struct Matrix out = matrix_zeros(a.cols, b.cols);
    for (int s = 0; s < a.rows; s++)
        for (int i = 0; i < a.cols; i++)
            for (int j = 0; j < b.cols; j++)
                out.data[i][j] += a.data[s][i] * b.data[s][j];
    return out;
}

/* a @ b.T  (a is n x q, b is p x q -> n x p) */
struct Matrix matrix_dot_t(struct Matrix a, struct Matrix b)
{
    struct Matrix out = matrix_zeros(a.rows, b.rows);
    for (int i = 0; i < a.rows; i++)
        for (int j = 0; j < b.rows; j++)
            for (int k = 0; k < a.cols; k++)
                out.data[i][j] += a.data[i][k] * b.data[j][k];
    return out;
}

/* column sums -> into a gsl vector */
void matrix_sum_axis0(struct Matrix m, gsl_vector *out)
{
    for (int j = 0; j < m.cols; j++) {
        double s = 0.0;
        for (int i = 0; i < m.rows; i++)
            s += m.data[i][j];
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1;

    struct Matrix x = matrix_from_gsl(X);
    struct Matrix z1 = matrix_from_gsl(cache->z1);
    struct Matrix p1 = matrix_from_gsl(cache->p1);
    struct Matrix W1 = matrix_from_gsl(net->W1);
    struct Matrix W2 = matrix_from_gsl(net->W2);

    /* dz2 = (softmax - one_hot) / N */
    struct Matrix dz2 = matrix_from_gsl(cache->prob);
    for (int i = 0; i < N; i++) {
        dz2.data[i][y[i]] -= 1;
        for (int j = 0; j < dz2.cols; j++)
            dz2.data[i][j] /= N;
    }

    /* dW2 = p1.T @ dz2 + reg term */
    struct Matrix dW2 = matrix_tdot(p1, dz2);
    for (int i = 0; i < dW2.rows; i++)
        for (int j = 0; j < dW2.cols; j++)
            dW2.data[i][j] += reg * W2.data[i][j];

    matrix_sum_axis0(dz2, g->db2);

    /* dp1 = dz2 @ W2.T */
    struct Matrix dp1 = matrix_dot_t(dz2, W2);

    /* dz1 = dp1 where z1 > 0 */
    struct Matrix dz1 = matrix_zeros(dp1.rows, dp1.cols);
    for (int i = 0; i < dz1.rows; i++)
        for (int j = 0; j < dz1.cols; j++)
            if (z1.data[i][j] > 0)
                dz1.data[i][j] = dp1.data[i][j];

    /* dW1 = x.T @ dz1 + 2 reg W1 */
    struct Matrix dW1 = matrix_tdot(x, dz1);
    for (int i = 0; i < dW1.rows; i++)
        for (int j = 0; j < dW1.cols; j++)
            dW1.data[i][j] += 2 * reg * W1.data[i][j];

    matrix_sum_axis0(dz1, g->db1);

    matrix_to_gsl(dz2, g->dz2);
    matrix_to_gsl(dW2, g->dW2);
    matrix_to_gsl(dp1, g->dp1);
    matrix_to_gsl(dz1, g->dz1);
    matrix_to_gsl(dW1, g->dW1);

    matrix_free(&x); matrix_free(&z1); matrix_free(&p1);
    matrix_free(&W1); matrix_free(&W2);
    matrix_free(&dz2); matrix_free(&dW2); matrix_free(&dp1);
    matrix_free(&dz1); matrix_free(&dW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
