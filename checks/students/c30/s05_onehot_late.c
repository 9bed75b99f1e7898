/* Two-layer net: backward pass.
 * Student: Lucas Moreau   (HW3, Q2)
 *
 * Same steps as the numpy version I did in the python part:
 *     dscores = probs / N ; dscores[range(N), y] -= 1
 *     dW2 = h.T @ dscores + 2*reg*W2 ...
 * The gsl matrices are copied into my own Mat first, then I compute with
 * my own mat_mul / mat_T, and copy the results back into g at the end.
 */

#include <stdlib.h>
#include <string.h>
#include "backprop/grads.h"

typedef struct { size_t rows, cols; double *v; } Mat;

#define mat_at(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

static Mat *mat_new(size_t r, size_t c)
{
    Mat *m = malloc(sizeof(*m));
    m->rows = r; m->cols = c;
    m->v = calloc(r * c, sizeof(double));
    return m;
}

static void mat_free(Mat *m) { if (m) { free(m->v); free(m); } }

static Mat *mat_copy(const gsl_matrix *src)
{
    Mat *m = mat_new(src->size1, src->size2);
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            mat_at(m, i, j) = gsl_matrix_get(src, i, j);
    return m;
}

static void mat_put(gsl_matrix *dst, const Mat *m)
{
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            gsl_matrix_set(dst, i, j, mat_at(m, i, j));
}

static Mat *mat_T(const Mat *a)
{
    Mat *t = mat_new(a->cols, a->rows);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++)
            mat_at(t, j, i) = mat_at(a, i, j);
    return t;
}

static Mat *mat_mul(const Mat *a, const Mat *b)
{
    Mat *c = mat_new(a->rows, b->cols);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t k = 0; k < a->cols; k++)
            for (size_t j = 0; j < b->cols; j++)
                mat_at(c, i, j) += mat_at(a, i, k) * mat_at(b, k, j);
    return c;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *x     = mat_copy(X);
    Mat *h     = mat_copy(cache->p1);
    Mat *hpre  = mat_copy(cache->z1);
    Mat *probs = mat_copy(cache->prob);
    Mat *W1    = mat_copy(net->W1);
    Mat *W2    = mat_copy(net->W2);

    /* dscores */
    Mat *dscores = mat_new(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            mat_at(dscores, i, j) = mat_at(probs, i, j) / N;
    for (i = 0; i < N; i++)
        mat_at(dscores, i, y[i]) -= 1.0;

    /* W2, b2 */
    Mat *hT = mat_T(h);
    Mat *dW2 = mat_mul(hT, dscores);
    for (i = 0; i < H * C; i++)
        dW2->v[i] += 2.0 * reg * W2->v[i];
    double *db2 = calloc(C, sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            db2[j] += mat_at(dscores, i, j);

    /* into the hidden layer */
    Mat *W2T = mat_T(W2);
    Mat *dh = mat_mul(dscores, W2T);
    Mat *dhpre = mat_new(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            mat_at(dhpre, i, j) = (mat_at(hpre, i, j) > 0) ? mat_at(dh, i, j) : 0.0;

    /* W1, b1 */
    Mat *xT = mat_T(x);
    Mat *dW1 = mat_mul(xT, dhpre);
    for (i = 0; i < dW1->rows * dW1->cols; i++)
        dW1->v[i] += 2.0 * reg * W1->v[i];
    double *db1 = calloc(H, sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += mat_at(dhpre, i, j);

    /* results back into g */
    mat_put(g->dz2, dscores);
    mat_put(g->dW2, dW2);
    mat_put(g->dp1, dh);
    mat_put(g->dz1, dhpre);
    mat_put(g->dW1, dW1);
    for (j = 0; j < C; j++) gsl_vector_set(g->db2, j, db2[j]);
    for (j = 0; j < H; j++) gsl_vector_set(g->db1, j, db1[j]);

    mat_free(x); mat_free(h); mat_free(hpre); mat_free(probs);
    mat_free(W1); mat_free(W2); mat_free(dscores); mat_free(hT);
    mat_free(dW2); mat_free(W2T); mat_free(dh); mat_free(dhpre);
    mat_free(xT); mat_free(dW1);
    free(db2); free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
