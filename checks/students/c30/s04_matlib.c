/* backward.c
 * Jonas Becker -- Assignment 3
 *
 * I wrote a small matrix library (matlib, below) in the first week and use
 * it for everything, the GSL stuff is only touched to copy in and out.
 * Every helper returns a NEW matrix, the caller frees it.
 */

#include <stdlib.h>
#include <string.h>
#include <assert.h>

#include "backprop/net.h"
#include "backprop/grads.h"

/* ===================== matlib ===================== */

typedef struct {
    size_t rows;
    size_t cols;
    double *v;
} Mat;

#define AT(M, r, c) ((M)->v[(r) * (M)->cols + (c)])

static Mat *mat_new(size_t rows, size_t cols)
{
    Mat *m = malloc(sizeof(Mat));
    m->rows = rows;
    m->cols = cols;
    m->v = malloc(rows * cols * sizeof(double));
    memset(m->v, 0, rows * cols * sizeof(double));
    return m;
}

static void mat_free(Mat *m)
{
    if (m) {
        free(m->v);
        free(m);
    }
}

static Mat *mat_from_gsl(const gsl_matrix *A)
{
    Mat *m = mat_new(A->size1, A->size2);
    size_t r, c;
    for (r = 0; r < A->size1; r++)
        for (c = 0; c < A->size2; c++)
            AT(m, r, c) = gsl_matrix_get(A, r, c);
    return m;
}

/* a gsl vector as a 1 x n row */
static Mat *mat_from_gsl_vec(const gsl_vector *a)
{
    Mat *m = mat_new(1, a->size);
    size_t c;
    for (c = 0; c < a->size; c++)
        AT(m, 0, c) = gsl_vector_get(a, c);
    return m;
}

static void mat_to_gsl(const Mat *m, gsl_matrix *A)
{
    size_t r, c;
    assert(m->rows == A->size1 && m->cols == A->size2);
    for (r = 0; r < m->rows; r++)
        for (c = 0; c < m->cols; c++)
            gsl_matrix_set(A, r, c, AT(m, r, c));
}

static void mat_to_gsl_vec(const Mat *m, gsl_vector *a)
{
    size_t c;
    assert(m->rows == 1 && m->cols == a->size);
    for (c = 0; c < m->cols; c++)
        gsl_vector_set(a, c, AT(m, 0, c));
}

static Mat *mat_T(const Mat *A)
{
    Mat *T = mat_new(A->cols, A->rows);
    size_t r, c;
    for (r = 0; r < A->rows; r++)
        for (c = 0; c < A->cols; c++)
            AT(T, c, r) = AT(A, r, c);
    return T;
}

static Mat *mat_mul(const Mat *A, const Mat *B)
{
    Mat *P;
    size_t r, c, k;
    assert(A->cols == B->rows);
    P = mat_new(A->rows, B->cols);
    for (r = 0; r < A->rows; r++)
        for (c = 0; c < B->cols; c++) {
            double acc = 0.0;
            for (k = 0; k < A->cols; k++)
                acc += AT(A, r, k) * AT(B, k, c);
            AT(P, r, c) = acc;
        }
    return P;
}

/* A + s*B */
static Mat *mat_axpy(const Mat *A, double s, const Mat *B)
{
    Mat *S = mat_new(A->rows, A->cols);
    size_t k;
    assert(A->rows == B->rows && A->cols == B->cols);
    for (k = 0; k < A->rows * A->cols; k++)
        S->v[k] = A->v[k] + s * B->v[k];
    return S;
}

/* sum over rows -> 1 x cols */
static Mat *mat_sum_rows(const Mat *A)
{
    Mat *S = mat_new(1, A->cols);
    size_t r, c;
    for (r = 0; r < A->rows; r++)
        for (c = 0; c < A->cols; c++)
            AT(S, 0, c) += AT(A, r, c);
    return S;
}

/* ===================== the assignment ===================== */

#if 0
/* loss, only used while debugging with my own gradient check */
static double my_loss(const Mat *prob, const size_t *y, const Mat *W1,
                      const Mat *W2, double reg)
{
    double L = 0;
    for (size_t i = 0; i < prob->rows; i++)
        L -= log(AT(prob, i, y[i]));
    L /= prob->rows;
    for (size_t k = 0; k < W1->rows * W1->cols; k++) L += reg * W1->v[k] * W1->v[k];
    for (size_t k = 0; k < W2->rows * W2->cols; k++) L += reg * W2->v[k] * W2->v[k];
    return L;
}
#endif

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *x = mat_from_gsl(X);
    Mat *z1 = mat_from_gsl(cache->z1);
    Mat *p1 = mat_from_gsl(cache->p1);
    Mat *prob = mat_from_gsl(cache->prob);
    Mat *W1 = mat_from_gsl(net->W1);
    Mat *W2 = mat_from_gsl(net->W2);

    /* dz2 = -(Y - P)/N, Y the one-hot labels */
    Mat *Yoh = mat_new(N, net->C);
    for (i = 0; i < N; i++)
        AT(Yoh, i, y[i]) = 1.0;
    Mat *diff = mat_axpy(Yoh, -1.0, prob);          /* Y - P */
    Mat *dz2 = mat_new(N, net->C);
    for (i = 0; i < N; i++)
        for (c = 0; c < net->C; c++)
            AT(dz2, i, c) = -AT(diff, i, c) / (double) N;

    /* second layer */
    Mat *p1T = mat_T(p1);
    Mat *dW2_data = mat_mul(p1T, dz2);
    Mat *W2x2 = mat_axpy(W2, 1.0, W2);              /* W2 + W2 = 2 W2 */
    Mat *dW2 = mat_axpy(dW2_data, reg, W2x2);
    Mat *db2 = mat_sum_rows(dz2);

    Mat *W2T = mat_T(W2);
    Mat *dp1 = mat_mul(dz2, W2T);

    /* relu: gradient passes where the unit was on */
    Mat *dz1 = mat_new(N, net->H);
    for (i = 0; i < N; i++)
        for (c = 0; c < net->H; c++)
            if (AT(p1, i, c) > 0.0)
                AT(dz1, i, c) = AT(dp1, i, c);

    /* first layer */
    Mat *xT = mat_T(x);
    Mat *dW1_data = mat_mul(xT, dz1);
    Mat *W1x2 = mat_axpy(W1, 1.0, W1);
    Mat *dW1 = mat_axpy(dW1_data, reg, W1x2);
    Mat *db1 = mat_sum_rows(dz1);

    mat_to_gsl(dz2, g->dz2);
    mat_to_gsl(dW2, g->dW2);
    mat_to_gsl_vec(db2, g->db2);
    mat_to_gsl(dp1, g->dp1);
    mat_to_gsl(dz1, g->dz1);
    mat_to_gsl(dW1, g->dW1);
    mat_to_gsl_vec(db1, g->db1);

    (void) mat_from_gsl_vec;   /* not needed after all */

    mat_free(x); mat_free(z1); mat_free(p1); mat_free(prob);
    mat_free(W1); mat_free(W2); mat_free(Yoh); mat_free(diff); mat_free(dz2);
    mat_free(p1T); mat_free(dW2_data); mat_free(W2x2); mat_free(dW2);
    mat_free(db2); mat_free(W2T); mat_free(dp1); mat_free(dz1); mat_free(xT);
    mat_free(dW1_data); mat_free(W1x2); mat_free(dW1); mat_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
