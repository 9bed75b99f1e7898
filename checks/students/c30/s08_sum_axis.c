/*  HW3 - backward pass for the 2 layer network
 *  Sofia Esposito
 *
 *  I ported the numpy helpers I needed (sum with an axis, .T, @) so that
 *  the C code reads like my python solution.  Matrices are my own struct,
 *  copied from gsl at the start and back to gsl at the end.
 */

#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct {
    size_t rows, cols;
    double *v;
} Mat;

#define IDX(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

static Mat *mat_new(size_t rows, size_t cols)
{
    Mat *m = malloc(sizeof *m);
    m->rows = rows;
    m->cols = cols;
    m->v = calloc(rows * cols, sizeof *m->v);
    return m;
}

static void mat_free(Mat *m)
{
    free(m->v);
    free(m);
}

static Mat *np_array(const gsl_matrix *a)          /* gsl -> Mat */
{
    Mat *m = mat_new(a->size1, a->size2);
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            IDX(m, i, j) = gsl_matrix_get(a, i, j);
    return m;
}

static Mat *np_T(const Mat *a)                      /* a.T */
{
    Mat *t = mat_new(a->cols, a->rows);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++)
            IDX(t, j, i) = IDX(a, i, j);
    return t;
}

static Mat *np_dot(const Mat *a, const Mat *b)      /* a @ b */
{
    Mat *c = mat_new(a->rows, b->cols);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < b->cols; j++) {
            double s = 0.0;
            for (size_t k = 0; k < a->cols; k++)
                s += IDX(a, i, k) * IDX(b, k, j);
            IDX(c, i, j) = s;
        }
    return c;
}

/* np.sum(a, axis=...): axis 0 collapses the rows (one value per column),
 * axis 1 collapses the columns (one value per row).  Caller frees. */
static double *np_sum(const Mat *a, int axis)
{
    size_t n = (axis == 0) ? a->cols : a->rows;
    double *s = calloc(n, sizeof(double));
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++) {
            if (axis == 0)
                s[j] += IDX(a, i, j);
            else
                s[i] += IDX(a, i, j);
        }
    return s;
}

static void to_gsl(gsl_matrix *dst, const Mat *m)
{
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            gsl_matrix_set(dst, i, j, IDX(m, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *Xm = np_array(X);
    Mat *z1 = np_array(cache->z1);
    Mat *hidden = np_array(cache->p1);
    Mat *probs = np_array(cache->prob);
    Mat *W1 = np_array(net->W1);
    Mat *W2 = np_array(net->W2);

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    Mat *dscores = mat_new(N, C);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < C; j++)
            IDX(dscores, i, j) = IDX(probs, i, j);
        IDX(dscores, i, y[i]) -= 1.0;
        for (size_t j = 0; j < C; j++)
            IDX(dscores, i, j) /= N;
    }

    /* dW2 = hidden.T @ dscores + 2 * reg * W2 */
    Mat *hT = np_T(hidden);
    Mat *dW2 = np_dot(hT, dscores);
    for (size_t k = 0; k < H * C; k++)
        dW2->v[k] += 2 * reg * W2->v[k];

    /* db2 = np.sum(dscores, axis=...) */
    double *db2 = np_sum(dscores, 1);

    /* dhidden = dscores @ W2.T */
    Mat *W2T = np_T(W2);
    Mat *dhidden = np_dot(dscores, W2T);

    /* dhidden[z1 <= 0] = 0 -> into a new matrix so dp1 is kept */
    Mat *dz1 = mat_new(N, H);
    for (size_t k = 0; k < N * H; k++)
        dz1->v[k] = (z1->v[k] <= 0) ? 0.0 : dhidden->v[k];

    /* dW1 = X.T @ dz1 + 2 * reg * W1 ; db1 = np.sum(dz1, axis=0) */
    Mat *XT = np_T(Xm);
    Mat *dW1 = np_dot(XT, dz1);
    for (size_t k = 0; k < dW1->rows * dW1->cols; k++)
        dW1->v[k] += 2 * reg * W1->v[k];
    double *db1 = np_sum(dz1, 0);

    to_gsl(g->dz2, dscores);
    to_gsl(g->dW2, dW2);
    to_gsl(g->dp1, dhidden);
    to_gsl(g->dz1, dz1);
    to_gsl(g->dW1, dW1);
    for (size_t j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (size_t j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    mat_free(Xm); mat_free(z1); mat_free(hidden); mat_free(probs);
    mat_free(W1); mat_free(W2); mat_free(dscores); mat_free(hT);
    mat_free(dW2); mat_free(W2T); mat_free(dhidden); mat_free(dz1);
    mat_free(XT); mat_free(dW1);
    free(db2);
    free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
